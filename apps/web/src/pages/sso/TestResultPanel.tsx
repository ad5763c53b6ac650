import { useQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useRef } from "react";
import { Link } from "react-router";
import { describeCode, describeError } from "../../lib/errors";
import { trpc } from "../../lib/trpc";
import { ErrorCallout } from "../../components/ErrorCallout";

const POLL_MS = 1_500;
const CLAIMS_SHOWN = ["email", "email_verified", "name", "sub"] as const;

function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(not sent)";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** The outcome of a Test sign-in, shown when the IdP sends the admin back to ?test=<attemptId>. */
export function TestResultPanel({ attemptId, onDismiss }: { attemptId: string; onDismiss: () => void }) {
  const result = useQuery({
    ...trpc.sso.testResult.queryOptions({ attemptId }),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? POLL_MS : false),
  });
  // The admin arrives here from the identity provider: once the outcome is known, move focus to
  // it so keyboard and screen-reader users start from the result, not the top of the page.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const settled = result.isError || (result.data !== undefined && result.data.status !== "pending");
  useEffect(() => {
    if (settled) headingRef.current?.focus();
  }, [settled]);

  let body;
  if (result.isPending) {
    body = <p role="status">Loading the test result…</p>;
  } else if (result.isError) {
    body = <ErrorCallout error={describeError(result.error)} adminHint="inline" />;
  } else {
    const data = result.data;
    if (data.status === "pending") {
      body = (
        <p role="status">
          The test sign-in has started but has not come back from the identity provider yet. If you closed the provider&apos;s page, run
          Test sign-in again.
        </p>
      );
    } else if (data.status === "succeeded") {
      body = (
        <div className="stack-tight">
          <p className="outcome outcome-ok" role="status">
            <strong>Test sign-in succeeded.</strong>{" "}
            {data.mappedUser
              ? `These claims sign in as ${data.mappedUser.email}.`
              : "The provider signed you in, but no JAMS IMES user has this email yet."}
          </p>
          <h3>Claims received</h3>
          <dl className="facts facts-wide">
            {CLAIMS_SHOWN.map((claim) => (
              <Fragment key={claim}>
                <dt>{claim}</dt>
                <dd>
                  <code>{show(data.claims?.[claim])}</code>
                </dd>
              </Fragment>
            ))}
          </dl>
          <h3>Maps to</h3>
          {data.mappedUser ? (
            <p data-testid="mapped-user">
              {data.mappedUser.displayName ? `${data.mappedUser.displayName} — ` : ""}
              {data.mappedUser.email}
            </p>
          ) : (
            <p data-testid="mapped-user">
              No user — sign-in would fail with <code>user_not_provisioned</code>. <Link to="/users">Invite the user</Link> first.
            </p>
          )}
        </div>
      );
    } else {
      const described = describeCode(data.code ?? undefined);
      body = (
        <div className="stack-tight">
          <p className="outcome outcome-bad" role="status">
            <strong>Test sign-in failed.</strong>
          </p>
          <ErrorCallout error={{ ...described, adminHint: data.hint || described.adminHint }} adminHint="inline" />
          {data.idpError ? (
            <p>
              Error from the identity provider: <code>{data.idpError}</code>
            </p>
          ) : null}
        </div>
      );
    }
  }

  return (
    <section className="card card-highlight" aria-labelledby="test-result-heading">
      <div className="card-header">
        <h2 id="test-result-heading" ref={headingRef} tabIndex={-1}>
          Test sign-in result
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {body}
    </section>
  );
}
