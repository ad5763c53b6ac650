import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { describeCode, describeError } from "../../lib/errors";
import { trpc, type inferOutput } from "../../lib/trpc";
import { ErrorCallout } from "../../components/ErrorCallout";
import { ClaimsReceived } from "./ClaimsReceived";

const POLL_MS = 1_500;
type Result = inferOutput<typeof trpc.sso.testResult>;

/** What the provider said, beyond our code: its error, description, HTTP status, clock offset. */
function ProviderAnswer({ data }: { data: Result }) {
  if (!data.idpError && data.httpStatus === null && !data.clockSkew) return null;
  return (
    <dl className="facts facts-wide" data-testid="idp-answer">
      {data.idpError ? (
        <>
          <dt>Provider error</dt>
          <dd>
            <code>{data.idpError}</code>
            {data.idpErrorDescription ? <span className="muted"> — {data.idpErrorDescription}</span> : null}
          </dd>
        </>
      ) : null}
      {data.httpStatus !== null ? (
        <>
          <dt>HTTP status</dt>
          <dd>{data.httpStatus}</dd>
        </>
      ) : null}
      {data.clockSkew ? (
        <>
          <dt>Clock</dt>
          <dd>
            <code>{data.clockSkew.claim}</code> was {Math.abs(data.clockSkew.offsetSec)} s {data.clockSkew.offsetSec > 0 ? "in the future" : "in the past"}{" "}
            (tolerance {data.clockSkew.toleranceSec} s)
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The email the product looked for, and the organisation's nearest one when nobody matched. */
function EmailComparison({ data }: { data: Result }) {
  if (!data.emailCompared) return null;
  return (
    <div className="stack-tight" data-testid="email-compared">
      <p>
        JAMS IMES looked for a user with the email <code>{data.emailCompared}</code> (from the <code>{data.mapping.emailClaim}</code> claim;
        upper/lower case does not matter).
      </p>
      {data.closestUser ? (
        <p className="callout callout-warning" data-testid="closest-user">
          No user has exactly that email. The closest is <code>{data.closestUser.email}</code> ({data.closestUser.status}). If this is the same
          person, correct the email at the identity provider or <Link to="/users">invite</Link> the address the provider sends.
        </p>
      ) : null}
    </div>
  );
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
    if (data.status === "pending" || data.status === "abandoned") {
      body = (
        <div className="stack-tight">
          <p role="status" data-testid="test-pending">
            {data.status === "pending" ? "The test sign-in has not come back from the identity provider yet." : "The test sign-in never came back."}{" "}
            {data.pendingHint}
          </p>
          <p className="help">If you closed the provider&apos;s page, run Test sign-in again.</p>
        </div>
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
          <EmailComparison data={data} />
          <ClaimsReceived received={data.received} claims={data.claims} mapping={data.mapping} />
        </div>
      );
    } else {
      const described = describeCode(data.code ?? undefined);
      body = (
        <div className="stack-tight">
          <p className="outcome outcome-bad" role="status">
            <strong>Test sign-in failed.</strong> {data.cause ?? ""}
          </p>
          <ErrorCallout error={{ ...described, adminHint: data.hint ?? undefined }} adminHint="inline" />
          {data.hint && described.adminHint && data.hint !== described.adminHint ? (
            // The fix above is chosen from what the provider said; the reference text lists every usual cause.
            <details>
              <summary>Usual causes of {data.code} (reference)</summary>
              <p>{described.adminHint}</p>
            </details>
          ) : null}
          <ProviderAnswer data={data} />
          <EmailComparison data={data} />
          <ClaimsReceived received={data.received} claims={data.claims} mapping={data.mapping} />
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
