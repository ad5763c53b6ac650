import { useMutation } from "@tanstack/react-query";
import { Fragment } from "react";
import { Link } from "react-router";
import { ErrorCallout } from "../../components/ErrorCallout";
import { Time } from "../../components/Time";
import { describeError } from "../../lib/errors";
import { invalidateSsoQueries } from "../../lib/sso-queries";
import { trpc } from "../../lib/trpc";
import { FIELD_LABELS, VERDICT_TEXT, type CheckFieldName } from "./check-labels";
import { FieldCheckNote } from "./FieldCheckNote";
import type { Connection } from "./types";

const STATUS_TEXT = {
  ok: "All four settings verified — the provider accepted the Redirect URI, Client ID, Client Secret and client authentication method.",
  problems: "The provider refused part of the configuration. Fix the fields named below, save, and the check runs again.",
  inconclusive: "Part of the configuration could not be verified before sign-in. What is known and what is not is listed below.",
} as const;

const VERDICT_FIELDS: [CheckFieldName, "redirectUri" | "clientId" | "clientSecret" | "authMethod"][] = [
  ["redirectUri", "redirectUri"],
  ["clientId", "clientId"],
  ["clientSecret", "clientSecret"],
  ["tokenEndpointAuthMethod", "authMethod"],
];

/** Runs Check connection (no user involved) and invalidates the list that carries the result. */
export function useCheckConnection() {
  return useMutation({ ...trpc.sso.checkConnection.mutationOptions(), onSuccess: () => invalidateSsoQueries() });
}

/**
 * The latest Check connection of one connection: a verdict per setting, the fix on the field that
 * is wrong, one click to switch a wrong client authentication method, and the provider's raw
 * answers (secret redacted) for the admin to read.
 */
export function CheckConnectionPanel({ connection }: { connection: Connection }) {
  const check = useCheckConnection();
  const switchMethod = useMutation({ ...trpc.sso.update.mutationOptions(), onSuccess: () => invalidateSsoQueries() });
  const result = connection.lastCheck;
  const suggestion = result?.findings.find((f) => f.suggestedAuthMethod)?.suggestedAuthMethod;
  return (
    <section className="card" aria-labelledby={`check-${connection.id}`} data-testid="check-connection">
      <div className="card-header">
        <h2 id={`check-${connection.id}`}>Check connection — {connection.label}</h2>
        <button type="button" className="button button-small" disabled={check.isPending} onClick={() => check.mutate({ connectionId: connection.id })}>
          {check.isPending ? "Checking…" : "Check connection"}
        </button>
      </div>
      <p className="help">
        Asks the provider, without signing anyone in, whether it accepts the Redirect URI, Client ID, Client Secret and client authentication
        method. Runs on every Save Configuration.
      </p>
      {check.error ? <ErrorCallout error={describeError(check.error)} adminHint="inline" /> : null}
      {!result ? (
        <p>Not checked yet.</p>
      ) : (
        <div className="stack-tight" aria-live="polite">
          <p className={`outcome ${result.status === "ok" ? "outcome-ok" : "outcome-bad"}`} role="status" data-status={result.status}>
            <strong>{result.status === "ok" ? "Connection verified." : result.status === "problems" ? "Problems found." : "Not fully verified."}</strong>{" "}
            {STATUS_TEXT[result.status]} <span className="muted">Checked <Time value={new Date(result.checkedAt)} />.</span>
          </p>
          <dl className="facts facts-wide">
            {VERDICT_FIELDS.map(([field, key]) => (
              <Fragment key={field}>
                <dt>{FIELD_LABELS[field]}</dt>
                <dd data-testid={`verdict-${field}`}>{VERDICT_TEXT[result[key]] ?? result[key]}</dd>
              </Fragment>
            ))}
          </dl>
          {VERDICT_FIELDS.map(([field]) => (
            <FieldCheckNote key={field} check={result} field={field} />
          ))}
          {result.findings
            .filter((f) => f.inferred)
            .map((f) => (
              <p key={`${f.code}-inferred`} className="help">
                How we know: {f.inferred}
              </p>
            ))}
          {result.findings.some((f) => f.field === null) ? (
            <ul className="plain-list">
              {result.findings
                .filter((f) => f.field === null)
                .map((f) => (
                  <li key={f.code}>{f.fix}</li>
                ))}
            </ul>
          ) : null}
          {suggestion ? (
            <button
              type="button"
              className="button button-small"
              disabled={switchMethod.isPending}
              onClick={() => switchMethod.mutate({ connectionId: connection.id, tokenEndpointAuthMethod: suggestion })}
            >
              Switch to {suggestion}
            </button>
          ) : null}
          {switchMethod.error ? <ErrorCallout error={describeError(switchMethod.error)} adminHint="inline" /> : null}
          <details>
            <summary>What the provider answered</summary>
            <ol className="plain-list" data-testid="check-answers">
              {result.answers.map((answer, index) => (
                <li key={index}>
                  <p>
                    <code>{answer.request}</code>
                  </p>
                  <p>
                    {answer.summary} {answer.httpStatus !== null ? <span className="muted">HTTP {answer.httpStatus}</span> : null}
                  </p>
                  {answer.error ? (
                    <p>
                      <code>{answer.error}</code>
                      {answer.errorDescription ? <span className="muted"> — {answer.errorDescription}</span> : null}
                    </p>
                  ) : null}
                  {answer.location ? (
                    <p className="break">
                      Location: <code>{answer.location}</code>
                    </p>
                  ) : null}
                  {answer.body ? <pre className="break">{answer.body}</pre> : null}
                </li>
              ))}
            </ol>
          </details>
          <p className="help">
            Codes are explained in the <Link to="/docs/sso-errors">SSO error reference</Link>. Check connection cannot see sign-on policies or user
            assignments: run Test sign-in for those.
          </p>
        </div>
      )}
    </section>
  );
}
