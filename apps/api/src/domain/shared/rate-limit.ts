import { and, gt, inArray, min, sql, sum } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { definePrepared } from "@jams/db/prepared";
import { rateLimitBuckets } from "@jams/db/schema";
import { DomainError } from "../errors";
import { sha256 } from "./crypto";

export interface RateLimitResult {
  count: number;
  resetAt: Date;
}

/**
 * Sliding windows: a key's window is cut into SLOTS_PER_WINDOW slots, one row each, and its
 * count is the sum of the slots that started less than a window ago. Concurrent checks from one
 * address move to a new row every slot instead of queueing on one row for the whole window, and
 * a burst at the end of one window no longer doubles with a burst at the start of the next.
 * The count is exact to within one slot (a quarter of the window) of history.
 */
const SLOTS_PER_WINDOW = 4;

// Each new slot row deletes up to this many expired ones, so expired rows are removed faster than
// a flood of fresh keys (unknown emails, new addresses) can add them: the table holds the live
// window, not ten minutes of history until the periodic purge.
const EXPIRED_ROWS_PER_NEW_BUCKET = 64;

/**
 * Keys are stored hashed: fixed width whatever the email's length, and the table holds no
 * addresses or emails in clear.
 */
const storedKey = (key: string) => sha256(key);

interface SlotParams {
  rl_key: string;
  rl_slot: number;
  rl_min_slot: number;
  rl_slot_reset: string;
  rl_now: string;
}

/** Placeholder values for `rateLimitHitCte` (every statement that embeds it takes these). */
export function rateLimitParams(key: string, windowMs: number, now: Date): SlotParams {
  const slotMs = Math.max(1, Math.ceil(windowMs / SLOTS_PER_WINDOW));
  const slot = Math.floor(now.getTime() / slotMs);
  return {
    rl_key: storedKey(key),
    rl_slot: slot,
    rl_min_slot: slot - SLOTS_PER_WINDOW,
    // The slot stops counting once SLOTS_PER_WINDOW newer slots have begun.
    rl_slot_reset: new Date((slot + SLOTS_PER_WINDOW) * slotMs).toISOString(),
    rl_now: now.toISOString(),
  };
}

/**
 * CTEs that count one hit for a key, to put at the head of the statement the limit guards (so
 * the check costs no round trip of its own). They end in `rl (rl_count, rl_reset_ms)`: the
 * count over the window including this hit, and when the oldest live slot stops counting (the
 * first moment the count falls). Every CTE runs whether or not the rest of the statement reads
 * it; the expired-row trim only does work when this hit opened a new slot row.
 */
export function rateLimitHitCte() {
  return sql`rl_hit as (
    insert into rate_limit_buckets (key, slot, count, reset_at)
    values (${sql.placeholder("rl_key")}::text, ${sql.placeholder("rl_slot")}::bigint, 1, ${sql.placeholder("rl_slot_reset")}::timestamptz)
    on conflict (key, slot) do update set count = rate_limit_buckets.count + 1
    -- xmax = 0 only for a freshly inserted row (an update of an existing one sets it).
    returning count, reset_at, (xmax = 0) as inserted
  ), rl_trim as (
    -- SKIP LOCKED: concurrent instances clean different rows instead of queueing on the same ones.
    delete from rate_limit_buckets where ctid in (
      select ctid from rate_limit_buckets
      where reset_at <= ${sql.placeholder("rl_now")}::timestamptz and (select inserted from rl_hit)
      limit ${sql.raw(String(EXPIRED_ROWS_PER_NEW_BUCKET))} for update skip locked
    )
  ), rl as (
    select (h.count + coalesce(p.n, 0))::int as rl_count,
      (extract(epoch from least(h.reset_at, p.first_reset)) * 1000)::float8 as rl_reset_ms
    from rl_hit h cross join (
      select sum(b.count)::int as n, min(b.reset_at) as first_reset from rate_limit_buckets b
      where b.key = ${sql.placeholder("rl_key")}::text
        and b.slot > ${sql.placeholder("rl_min_slot")}::bigint and b.slot < ${sql.placeholder("rl_slot")}::bigint
    ) p
  )`;
}

export interface RateLimitRow {
  rl_count: number;
  rl_reset_ms: number;
}

export const toRateLimitResult = (row: RateLimitRow): RateLimitResult => ({ count: row.rl_count, resetAt: new Date(row.rl_reset_ms) });

const hitOne = definePrepared<RateLimitRow>("rate_limit_hit", () => sql`with ${rateLimitHitCte()} select rl_count, rl_reset_ms from rl`);

export async function hitRateLimit(db: Database, key: string, windowMs: number, now: Date): Promise<RateLimitResult> {
  const [row] = await hitOne(db).execute({ ...rateLimitParams(key, windowMs, now) });
  if (!row) throw new Error("rate limit upsert returned nothing");
  return toRateLimitResult(row);
}

/**
 * Counts one hit for each key (password failures; not a hot path: one statement per key, each
 * with its own slot trim). Returns the counts in the order of `keys`.
 */
export async function hitRateLimits(db: Database, keys: readonly string[], windowMs: number, now: Date): Promise<RateLimitResult[]> {
  return Promise.all(keys.map((key) => hitRateLimit(db, key, windowMs, now)));
}

/** Current counts without counting this request (0 and `now` for a key with no live slot). */
export async function peekRateLimits(db: Database, keys: readonly string[], now: Date): Promise<RateLimitResult[]> {
  const stored = keys.map(storedKey);
  const rows = await db
    .select({ key: rateLimitBuckets.key, count: sum(rateLimitBuckets.count).mapWith(Number), resetAt: min(rateLimitBuckets.resetAt) })
    .from(rateLimitBuckets)
    .where(and(inArray(rateLimitBuckets.key, stored), gt(rateLimitBuckets.resetAt, now)))
    .groupBy(rateLimitBuckets.key);
  return stored.map((key) => {
    const row = rows.find((r) => r.key === key);
    return row?.resetAt ? { count: row.count, resetAt: row.resetAt } : { count: 0, resetAt: now };
  });
}

export async function clearRateLimits(db: Database, keys: readonly string[]): Promise<void> {
  await db.delete(rateLimitBuckets).where(inArray(rateLimitBuckets.key, keys.map(storedKey)));
}

export function rateLimited(resetAt: Date, now: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new DomainError("rate_limited", { retryAfterSeconds });
}

/** Throws `rate_limited` when a hit counted by `rateLimitHitCte` went past `max`. */
export function throwIfLimited(result: RateLimitResult, max: number, now: Date): void {
  if (result.count > max) throw rateLimited(result.resetAt, now);
}

/** Throws `rate_limited` once `key` has been hit more than `max` times in the window. */
export async function enforceRateLimit(
  db: Database,
  check: { key: string; max: number; windowMs: number; now: Date },
): Promise<void> {
  throwIfLimited(await hitRateLimit(db, check.key, check.windowMs, check.now), check.max, check.now);
}
