import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { CodeText } from "../../components/CodeText";
import { DataTable } from "../../components/DataTable";
import { QueryContent } from "../../components/QueryContent";
import { Time } from "../../components/Time";
import { trpc, type inferOutput } from "../../lib/trpc";

type Attempt = inferOutput<typeof trpc.sso.attempts>[number];

function outcomeText(attempt: Attempt): string {
  switch (attempt.status) {
    case "succeeded":
      return "Signed in";
    case "failed":
      return "Failed";
    case "pending":
      return "In progress";
    case "abandoned":
      return "Abandoned — never returned";
    default:
      return String(attempt.status);
  }
}

/** Recent sign-in attempts through one connection, newest first — the admin's diagnostics. */
export function AttemptsTable({ connectionId, label }: { connectionId: string; label: string }) {
  const attempts = useQuery(trpc.sso.attempts.queryOptions({ connectionId, limit: 20 }));
  return (
    <section className="card" aria-labelledby={`attempts-${connectionId}`}>
      <div className="card-header">
        <h2 id={`attempts-${connectionId}`}>Recent sign-in attempts — {label}</h2>
        <button type="button" className="button button-secondary button-small" onClick={() => void attempts.refetch()}>
          Refresh
        </button>
      </div>
      <QueryContent
        query={attempts}
        isEmpty={(data) => data.length === 0}
        empty={<p>No sign-in attempts yet. Use Test sign-in to try the connection.</p>}
      >
        {(data) => (
          <DataTable columns={["When", "Outcome", "Who", "Code", "Hint", "IdP error"]}>
            {data.map((attempt) => (
              <tr key={attempt.id}>
                <td>
                  <Time value={attempt.startedAt} />
                  {attempt.purpose === "test" ? <span className="badge">Test</span> : null}
                </td>
                <td>
                  <span className={`status status-${attempt.status}`}>{outcomeText(attempt)}</span>
                </td>
                <td>{attempt.emailHint ?? "—"}</td>
                <td>
                  {attempt.code ? (
                    <Link to={`/docs/sso-errors#${attempt.code}`}>
                      <CodeText code={attempt.code} />
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="hint-cell">
                  {attempt.cause ? <span className="muted">{attempt.cause} </span> : null}
                  {attempt.adminHint ?? "—"}
                </td>
                <td>
                  {attempt.idpError ? (
                    <>
                      <code>{attempt.idpError}</code>
                      {attempt.idpErrorDescription ? <span className="muted"> — {attempt.idpErrorDescription}</span> : null}
                      {attempt.httpStatus !== null ? <span className="muted"> (HTTP {attempt.httpStatus})</span> : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryContent>
    </section>
  );
}
