import { useEffect, useState } from "react";

interface Props {
  value: string;
  /** Visible button text. */
  label?: string;
  /** Accessible name when the visible text alone is ambiguous, e.g. "Copy Redirect URI". */
  ariaLabel?: string;
}

async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // fall through to the legacy path (permissions denied, insecure context, …)
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function CopyButton({ value, label = "Copy", ariaLabel }: Props) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (status === "idle") return;
    const timer = window.setTimeout(() => setStatus("idle"), 2500);
    return () => window.clearTimeout(timer);
  }, [status]);
  return (
    <span className="copy">
      <button
        type="button"
        className="button button-secondary"
        aria-label={ariaLabel}
        onClick={() => {
          void copyText(value).then((ok) => setStatus(ok ? "copied" : "failed"));
        }}
      >
        {label}
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {status === "copied" ? "Copied" : status === "failed" ? "Copy failed — select the text and copy it manually" : ""}
      </span>
    </span>
  );
}

/** A value shown as code with its copy button beside it; `as="dd"` inside a description list. */
export function CopyRow({ value, testId, ariaLabel, as: Tag = "div" }: { value: string; testId: string; ariaLabel: string; as?: "div" | "dd" }) {
  return (
    <Tag className="copy-row">
      <code className="copy-value" data-testid={testId}>
        {value}
      </code>
      <CopyButton value={value} ariaLabel={ariaLabel} />
    </Tag>
  );
}
