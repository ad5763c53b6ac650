import { useInfiniteQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { DataTable } from "../components/DataTable";
import { PageHeading } from "../components/PageHeading";
import { QueryContent } from "../components/QueryContent";
import { Time } from "../components/Time";
import { actionName, auditDetails } from "../lib/audit-format";
import { trpcClient } from "../lib/trpc";
import { AuditFilters, type AuditFilterValues } from "./AuditFilters";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["actor", "action", "from", "to"] as const;

export default function AuditPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, searchParams.get(key) ?? ""])) as unknown as AuditFilterValues;
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ""));
  const events = useInfiniteQuery({
    queryKey: ["audit.list", PAGE_SIZE, query],
    queryFn: ({ pageParam }) => trpcClient.audit.list.query({ limit: PAGE_SIZE, ...query, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const pages = events.data?.pages ?? [];
  const rows = events.data ? pages.flatMap((page) => page.events) : undefined;
  const names = Object.assign({}, ...pages.map((page) => page.names)) as Record<string, string>;
  const filtered = Object.keys(query).length > 0;

  return (
    <div className="page stack">
      <PageHeading title="Audit log">Audit log</PageHeading>
      <p className="lead">Every change to users, sign-in settings and enforcement in your organisation, newest first.</p>
      <AuditFilters
        key={filters.actor}
        values={filters}
        onChange={(next) =>
          setSearchParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== "")), { replace: true })
        }
      />
      <QueryContent
        query={{ isPending: events.isPending, isError: events.isError, error: events.error, data: rows }}
        isEmpty={(data) => data.length === 0}
        empty={<p>{filtered ? "No events match these filters." : "Nothing has been recorded yet."}</p>}
      >
        {(data) => (
          <section className="card" aria-label="Audit events">
            <DataTable className="table-cards table-audit" caption="Audit events, newest first" columns={["When", "Action", "By", "Target", "Details", "IP address"]}>
              {data.map((event) => {
                const details = auditDetails(event.metadata, names);
                return (
                  <tr key={event.id}>
                    <td className="nowrap" data-label="When">
                      <Time value={event.createdAt} />
                    </td>
                    <td className="audit-action" data-label="Action">
                      <span title={event.action}>{actionName(event.action)}</span>
                    </td>
                    <td data-label="By">
                      {event.actorEmail ?? "System"}
                    </td>
                    <td data-label="Target">
                      {event.targetName ?? (event.targetType === "organization" ? "Organisation" : event.targetId ? "(deleted)" : "—")}
                    </td>
                    <td data-label="Details">
                      {details.length ? (
                        <dl className="details">
                          {details.map((d) => (
                            <div key={d.label}>
                              <dt>{d.label}</dt>
                              <dd className="break">{d.code ? <code>{d.value}</code> : d.value}</dd>
                            </div>
                          ))}
                        </dl>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="nowrap" data-label="IP address">
                      {event.ip ?? "—"}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
            {events.hasNextPage ? (
              <div className="actions">
                <button type="button" className="button button-secondary" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  {events.isFetchingNextPage ? "Loading…" : "Load older events"}
                </button>
              </div>
            ) : null}
          </section>
        )}
      </QueryContent>
    </div>
  );
}
