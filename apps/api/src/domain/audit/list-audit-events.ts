import { and, desc, eq, sql } from "drizzle-orm";
import { auditEvents } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";

export interface AuditEventView {
  id: string;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

// The cursor is the last event's id; comparing (createdAt, id) against that row in SQL keeps
// microsecond precision and stays stable under concurrent inserts, unlike offsets.
function parseCursor(cursor: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cursor)) throw new DomainError("invalid_input");
  return cursor;
}

export async function listAuditEvents({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { limit?: number | undefined; cursor?: string | undefined };
}): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
  const limit = input.limit ?? 50;
  const after = input.cursor ? parseCursor(input.cursor) : null;
  const rows = await ctx.deps.db
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      actorUserId: auditEvents.actorUserId,
      actorEmail: auditEvents.actorEmail,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      metadata: auditEvents.metadata,
      ip: auditEvents.ip,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.organizationId, ctx.user.organizationId),
        after
          ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (select a.created_at, a.id from audit_events a where a.id = ${after})`
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit + 1);
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return {
    events,
    nextCursor: rows.length > limit && last ? last.id : null,
  };
}
