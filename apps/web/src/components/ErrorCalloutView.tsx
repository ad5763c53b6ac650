import { useEffect, useRef, type ReactNode } from "react";
import type { ErrorDescription } from "../lib/errors";

export interface ErrorCalloutProps {
  error: ErrorDescription;
  /**
   * "inline" is for admin pages: the reader is the administrator, so the callout says what to
   * change (never "contact your IT administrator") and says it once. "details" keeps the user
   * wording with the administrator's fix tucked away (sign-in pages).
   */
  adminHint?: "inline" | "details" | "hidden";
  /** Move keyboard focus to the message when it appears (use for page-level errors). */
  focusOnMount?: boolean;
  id?: string;
}

interface ViewProps extends ErrorCalloutProps {
  /**
   * Renders the link into the error reference. A plain <a> by default: the sign-in page is its own
   * entry without a router (src/login); the SPA's <ErrorCallout> passes a router <Link>.
   */
  docsLink?: (href: string, text: string) => ReactNode;
}

const plainLink = (href: string, text: string) => <a href={href}>{text}</a>;

/** An error with its stable code, what it means, what to do, and a link to the reference. */
export function ErrorCalloutView({ error, adminHint = "details", focusOnMount = false, id, docsLink = plainLink }: ViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  const forAdmin = adminHint === "inline";
  // The admin's fix replaces the end-user message; the server's specific detail beats the generic fix.
  const body = forAdmin ? (error.detail ?? error.adminHint ?? error.message) : error.message;
  return (
    <div className="callout callout-error" role="alert" tabIndex={-1} ref={ref} id={id}>
      <p className="callout-title">{error.title}</p>
      <p>
        {forAdmin && body !== error.message ? <strong>How to fix: </strong> : null}
        {body}
      </p>
      {error.code ? (
        <p className="callout-meta">
          Error code: <code>{error.code}</code>
          {error.docsHref ? (
            <>
              {" · "}
              {docsLink(error.docsHref, "What this error means and how to fix it")}
            </>
          ) : null}
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
