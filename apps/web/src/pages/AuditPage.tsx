import { useInfiniteQuery } from "@tanstack/react-query";
import { ErrorCallout } from "../components/ErrorCallout";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { Time } from "../components/Time";
import { describeError } from "../lib/errors";
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
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <div className="page stack">
      <PageHeading title="Audit log">Audit log</PageHeading>
      <p className="lead">Every change to users, sign-in settings and enforcement in your organisation, newest first.</p>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorCallout error={describeError(events.error)} />
      ) : rows.length === 0 ? (
        <p>Nothing has been recorded yet.</p>
      ) : (
        <section className="card">
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                  <th scope="col">IP address</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((event) => (
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
              </tbody>
            </table>
          </div>
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
    </div>
  );
}
