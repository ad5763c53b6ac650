import { useEffect, useRef } from "react";
import { Link } from "react-router";
import type { ErrorDescription } from "../lib/errors";

interface Props {
  error: ErrorDescription;
  /** Show the administrator hint inline (settings pages) or tucked away (sign-in pages). */
  adminHint?: "inline" | "details" | "hidden";
  /** Move keyboard focus to the message when it appears (use for page-level errors). */
  focusOnMount?: boolean;
  id?: string;
}

/** An error with its stable code, what it means, what to do, and a link to the reference. */
export function ErrorCallout({ error, adminHint = "details", focusOnMount = false, id }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <div className="callout callout-error" role="alert" tabIndex={-1} ref={ref} id={id}>
      <p className="callout-title">{error.title}</p>
      <p>{error.message}</p>
      {error.code ? (
        <p className="callout-meta">
          Error code: <code>{error.code}</code>
          {error.docsHref ? (
            <>
              {" · "}
              <Link to={error.docsHref}>What this error means and how to fix it</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {error.adminHint && adminHint === "inline" ? (
        <p>
          <strong>How to fix:</strong> {error.adminHint}
        </p>
      ) : null}
      {error.adminHint && adminHint === "details" ? (
        <details>
          <summary>Information for your IT administrator</summary>
          <p>{error.adminHint}</p>
        </details>
      ) : null}
    </div>
  );
}
