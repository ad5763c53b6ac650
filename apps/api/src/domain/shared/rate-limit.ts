import { inArray, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { rateLimitBuckets } from "@jams/db/schema";
import { DomainError } from "../errors";
import { sha256 } from "./crypto";

export interface RateLimitResult {
  count: number;
  resetAt: Date;
}

// Each new bucket deletes up to this many expired ones, so expired rows are removed faster than
// a flood of fresh keys (unknown emails, new addresses) can add them: the table holds the live
// window, not ten minutes of history until the periodic purge.
const EXPIRED_ROWS_PER_NEW_BUCKET = 64;

/**
 * Keys are stored hashed: fixed width whatever the email's length, and the table holds no
 * addresses or emails in clear.
 */
const storedKey = (key: string) => sha256(key);

async function deleteSomeExpired(db: Database, now: Date): Promise<void> {
  // SKIP LOCKED: concurrent instances clean different rows instead of queueing on the same ones.
  await db.execute(sql`delete from ${rateLimitBuckets} where ctid in (
      select ctid from ${rateLimitBuckets}
      where ${rateLimitBuckets.resetAt} <= ${now.toISOString()}::timestamptz
      limit ${EXPIRED_ROWS_PER_NEW_BUCKET} for update skip locked
    )`);
}

/**
 * Fixed-window counters in PostgreSQL, so every API instance shares them. One upsert statement
 * for all keys: a new or expired window restarts at 1, otherwise the count is incremented.
 * Returns the counts in the order of `keys` (which must be distinct).
 */
export async function hitRateLimits(db: Database, keys: readonly string[], windowMs: number, now: Date): Promise<RateLimitResult[]> {
  const resetAt = new Date(now.getTime() + windowMs);
  const expired = sql`${rateLimitBuckets.resetAt} <= ${now.toISOString()}::timestamptz`;
  const stored = keys.map(storedKey);
  const rows = await db
    .insert(rateLimitBuckets)
    .values(stored.map((key) => ({ key, count: 1, resetAt })))
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimitBuckets.count} + 1 end`,
        resetAt: sql`case when ${expired} then excluded.reset_at else ${rateLimitBuckets.resetAt} end`,
      },
    })
    .returning({
      key: rateLimitBuckets.key,
      count: rateLimitBuckets.count,
      resetAt: rateLimitBuckets.resetAt,
      // xmax = 0 only for a freshly inserted row (an update of an existing one sets it).
      inserted: sql<boolean>`(xmax = 0)`,
    });
  if (rows.some((row) => row.inserted)) await deleteSomeExpired(db, now);
  return stored.map((key) => {
    const row = rows.find((r) => r.key === key);
    if (!row) throw new Error("rate limit upsert returned nothing");
    return { count: row.count, resetAt: row.resetAt };
  });
}

export async function hitRateLimit(db: Database, key: string, windowMs: number, now: Date): Promise<RateLimitResult> {
  const [result] = await hitRateLimits(db, [key], windowMs, now);
  if (!result) throw new Error("rate limit upsert returned nothing");
  return result;
}

/** Current counts without counting this request (0 for a missing or expired window). */
export async function peekRateLimits(db: Database, keys: readonly string[], now: Date): Promise<RateLimitResult[]> {
  const stored = keys.map(storedKey);
  const rows = await db
    .select({ key: rateLimitBuckets.key, count: rateLimitBuckets.count, resetAt: rateLimitBuckets.resetAt })
    .from(rateLimitBuckets)
    .where(inArray(rateLimitBuckets.key, stored));
  return stored.map((key) => {
    const row = rows.find((r) => r.key === key && r.resetAt.getTime() > now.getTime());
    return row ? { count: row.count, resetAt: row.resetAt } : { count: 0, resetAt: now };
  });
}

export async function clearRateLimits(db: Database, keys: readonly string[]): Promise<void> {
  await db.delete(rateLimitBuckets).where(inArray(rateLimitBuckets.key, keys.map(storedKey)));
}

export function rateLimited(resetAt: Date, now: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new DomainError("rate_limited", { retryAfterSeconds });
}

/** Throws `rate_limited` once `key` has been hit more than `max` times in the window. */
export async function enforceRateLimit(
  db: Database,
  check: { key: string; max: number; windowMs: number; now: Date },
): Promise<void> {
  const { count, resetAt } = await hitRateLimit(db, check.key, check.windowMs, check.now);
  if (count > check.max) throw rateLimited(resetAt, check.now);
}
