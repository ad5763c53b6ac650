import { useId, type ReactNode } from "react";

interface Props {
  number: number;
  title: string;
  /** "done" steps show a check mark; "locked" ones explain what comes first. */
  state?: "active" | "done" | "locked";
  /** /docs/sso/<provider>#… — the matching part of the in-product setup guide. */
  guideHref?: string | undefined;
  guideLabel?: string | undefined;
  children: ReactNode;
}

/** One numbered step of the guided setup; an <li> of the page's <ol className="setup-steps">. */
export function SetupStep({ number, title, state = "active", guideHref, guideLabel, children }: Props) {
  const headingId = useId();
  return (
    <li className={`setup-step setup-step-${state}`}>
      <span className="setup-step-number" aria-hidden="true">
        {state === "done" ? "✓" : number}
      </span>
      <section className="setup-step-body" aria-labelledby={headingId}>
        <div className="setup-step-header">
          <h2 id={headingId}>
            <span className="visually-hidden">Step {number}{state === "done" ? " (done)" : ""}: </span>
            {title}
          </h2>
          {guideHref ? (
            // A new tab keeps what the admin has typed into the form.
            <a className="guide-link" href={guideHref} target="_blank" rel="noreferrer">
              {guideLabel ?? "Setup guide"}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : null}
        </div>
        {children}
      </section>
    </li>
  );
}
