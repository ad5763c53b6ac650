import { useInfiniteQuery } from "@tanstack/react-query";
import { DataTable } from "../components/DataTable";
import { PageHeading } from "../components/PageHeading";
import { QueryContent } from "../components/QueryContent";
import { Time } from "../components/Time";
import { trpcClient } from "../lib/trpc";

const PAGE_SIZE = 50;

function describeMetadata(metadata: Record<string, unknown>): string {
  const parts = Object.entries(metadata)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  return parts.length ? parts.join(" · ") : "—";
}

export default function AuditPage() {
  const events = useInfiniteQuery({
    queryKey: ["audit.list", PAGE_SIZE],
    queryFn: ({ pageParam }) => trpcClient.audit.list.query({ limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = events.data?.pages.flatMap((page) => page.events);

  return (
    <div className="page stack">
      <PageHeading title="Audit log">Audit log</PageHeading>
      <p className="lead">Every change to users, sign-in settings and enforcement in your organisation, newest first.</p>
      <QueryContent
        query={{ isPending: events.isPending, isError: events.isError, error: events.error, data: rows }}
        isEmpty={(data) => data.length === 0}
        empty={<p>Nothing has been recorded yet.</p>}
      >
        {(data) => (
          <section className="card">
            <DataTable caption="Audit events, newest first" columns={["When", "Action", "By", "Target", "Details", "IP address"]}>
              {data.map((event) => (
                <tr key={event.id}>
                  <td className="nowrap">
                    <Time value={event.createdAt} />
                  </td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>{event.actorEmail ?? "System"}</td>
                  <td>{event.targetType ? `${event.targetType}${event.targetId ? ` ${event.targetId.slice(0, 8)}` : ""}` : "—"}</td>
                  <td className="break">{describeMetadata(event.metadata)}</td>
                  <td>{event.ip ?? "—"}</td>
                </tr>
              ))}
            </DataTable>
            {events.hasNextPage ? (
              <div className="actions">
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={events.isFetchingNextPage}
                  onClick={() => void events.fetchNextPage()}
                >
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
