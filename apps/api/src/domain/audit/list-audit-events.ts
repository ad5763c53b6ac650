import { and, desc, eq, inArray, isNull, like, sql, type SQL } from "drizzle-orm";
import { auditEvents, ssoConnections, users } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";

export interface AuditEventView {
  id: string;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  /** The target's current name (email, connection label), when it still exists. */
  targetName: string | null;
  metadata: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

export interface AuditListInput {
  limit?: number | undefined;
  cursor?: string | undefined;
  /** An actor's email (case-insensitive), or "system" for events without a person. */
  actor?: string | undefined;
  /** An exact action ("user.invited") or a group ending in a dot ("user."). */
  action?: string | undefined;
  /** Inclusive calendar days (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  to?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

// The cursor is the last event's id; comparing (createdAt, id) against that row in SQL keeps
// microsecond precision and stays stable under concurrent inserts, unlike offsets.
function parseCursor(cursor: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cursor)) throw new DomainError("invalid_input");
  return cursor;
}

function parseDay(day: string): Date {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) throw new DomainError("invalid_input");
  return date;
}

function filters(input: AuditListInput): SQL[] {
  const where: SQL[] = [];
  if (input.actor) {
    where.push(input.actor.toLowerCase() === "system" ? isNull(auditEvents.actorUserId) : sql`lower(${auditEvents.actorEmail}) = ${input.actor.trim().toLowerCase()}`);
  }
  if (input.action) {
    // A group is a prefix; LIKE wildcards in the value are escaped so "_" matches only "_".
    where.push(input.action.endsWith(".") ? like(auditEvents.action, `${input.action.replace(/[\\%_]/g, "\\$&")}%`) : eq(auditEvents.action, input.action));
  }
  const from = input.from ? parseDay(input.from) : null;
  const to = input.to ? parseDay(input.to) : null;
  if (from && to && from > to) throw new DomainError("invalid_input");
  if (from) where.push(sql`${auditEvents.createdAt} >= ${from.toISOString()}::timestamptz`);
  if (to) where.push(sql`${auditEvents.createdAt} < ${new Date(to.getTime() + DAY_MS).toISOString()}::timestamptz`);
  return where;
}

/** Ids an event mentions (target, metadata's testedBy/connectionId/connectionIds). */
function mentionedIds(event: { targetId: string | null; metadata: Record<string, unknown> }): string[] {
  const listed: unknown = event.metadata.connectionIds;
  const values: unknown[] = [event.targetId, event.metadata.testedBy, event.metadata.connectionId, ...(Array.isArray(listed) ? (listed as unknown[]) : [])];
  return values.filter((v): v is string => typeof v === "string" && UUID.test(v));
}

export async function listAuditEvents({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: AuditListInput;
}): Promise<{ events: AuditEventView[]; nextCursor: string | null; names: Record<string, string> }> {
  const limit = input.limit ?? 50;
  const after = input.cursor ? parseCursor(input.cursor) : null;
  const orgId = ctx.user.organizationId;
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
        eq(auditEvents.organizationId, orgId),
        ...filters(input),
        after
          ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (select a.created_at, a.id from audit_events a where a.id = ${after})`
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const names = await namesFor(ctx, [...new Set(page.flatMap(mentionedIds))]);
  const last = page.at(-1);
  return {
    events: page.map((event) => ({ ...event, targetName: event.targetId ? (names[event.targetId] ?? null) : null })),
    nextCursor: rows.length > limit && last ? last.id : null,
    names,
  };
}

/** Current emails and connection labels for ids of this organisation (others stay unnamed). */
async function namesFor(ctx: AuthedContext, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const orgId = ctx.user.organizationId;
  const [people, connections] = await Promise.all([
    ctx.deps.db.select({ id: users.id, name: users.email }).from(users).where(and(eq(users.organizationId, orgId), inArray(users.id, ids))),
    ctx.deps.db
      .select({ id: ssoConnections.id, name: ssoConnections.label })
      .from(ssoConnections)
      .where(and(eq(ssoConnections.organizationId, orgId), inArray(ssoConnections.id, ids))),
  ]);
  return Object.fromEntries([...people, ...connections].map((row) => [row.id, row.name]));
}
