import { useQuery } from "@tanstack/react-query";
import { DataTable } from "../../../components/DataTable";
import { QueryContent } from "../../../components/QueryContent";
import { Time } from "../../../components/Time";
import { trpc } from "../../../lib/trpc";

/** Filters arrive percent-encoded; the admin reads them as the IdP meant them. */
function readablePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The last requests the identity provider sent, like the sign-in attempts table. */
export function ScimRequestsTable() {
  const requests = useQuery(trpc.provisioning.requests.queryOptions({ limit: 25 }));
  return (
    <div className="stack">
      <div className="card-header">
        <h3 id="scim-requests-heading">Last requests received</h3>
        <button type="button" className="button button-secondary button-small" onClick={() => void requests.refetch()}>
          Refresh
        </button>
      </div>
      <QueryContent query={requests} isEmpty={(data) => data.length === 0} empty={<p>No requests yet.</p>}>
        {(data) => (
          <DataTable columns={["When", "Request", "Result", "Time"]}>
            {data.map((request) => (
              <tr key={request.id}>
                <td className="nowrap">
                  <Time value={request.createdAt} />
                </td>
                <td className="break">
                  <code>
                    {request.method} {readablePath(request.path)}
                  </code>
                </td>
                <td>
                  <span className={request.status < 400 ? "status status-succeeded" : "status status-failed"}>
                    {request.status}
                    {request.scimType ? ` ${request.scimType}` : ""}
                  </span>
                </td>
                <td className="nowrap">{request.durationMs} ms</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryContent>
    </div>
  );
}
