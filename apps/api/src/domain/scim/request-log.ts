import { and, eq, isNull, lt, or } from "drizzle-orm";
import { scimDirectories, scimRequests } from "@jams/db/schema";
import type { AppDeps } from "../deps";
import type { ScimDirectory } from "./context";

export interface ScimRequestRecord {
  method: string;
  /** Path and query as received, trimmed; query values are filters, never secrets. */
  path: string;
  status: number;
  scimType: string | null;
  resourceId: string | null;
  durationMs: number;
}

const MAX_PATH = 300;

/** Written after the response: a failure to log must never fail the IdP's request. */
export async function recordScimRequest(deps: AppDeps, directory: ScimDirectory, record: ScimRequestRecord): Promise<void> {
  const now = deps.now();
  await deps.db.insert(scimRequests).values({
    organizationId: directory.organizationId,
    method: record.method.slice(0, 10),
    path: record.path.slice(0, MAX_PATH),
    status: record.status,
    scimType: record.scimType,
    resourceId: record.resourceId,
    durationMs: Math.max(0, Math.round(record.durationMs)),
    createdAt: now,
  });
  // "Last request" is shown to the minute; refreshing it on every request would double the writes.
  await deps.db
    .update(scimDirectories)
    .set({ lastRequestAt: now })
    .where(
      and(
        eq(scimDirectories.id, directory.id),
        or(isNull(scimDirectories.lastRequestAt), lt(scimDirectories.lastRequestAt, new Date(now.getTime() - 60_000))),
      ),
    );
}
