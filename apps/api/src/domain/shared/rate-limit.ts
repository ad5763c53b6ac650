import { sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { rateLimitBuckets } from "@jams/db/schema";
import { DomainError } from "../errors";

export interface RateLimitResult {
  count: number;
  resetAt: Date;
}

/**
 * Fixed-window counter in PostgreSQL, so every API instance shares it. One upsert statement:
 * a new or expired window restarts at 1, otherwise the count is incremented.
 */
export async function hitRateLimit(db: Database, key: string, windowMs: number, now: Date): Promise<RateLimitResult> {
  const resetAt = new Date(now.getTime() + windowMs);
  const expired = sql`${rateLimitBuckets.resetAt} <= ${now.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, count: 1, resetAt })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimitBuckets.count} + 1 end`,
        resetAt: sql`case when ${expired} then excluded.reset_at else ${rateLimitBuckets.resetAt} end`,
      },
    })
    .returning({ count: rateLimitBuckets.count, resetAt: rateLimitBuckets.resetAt });
  if (!row) throw new Error("rate limit upsert returned nothing");
  return row;
}

/** Throws `rate_limited` once `key` has been hit more than `max` times in the window. */
export async function enforceRateLimit(
  db: Database,
  check: { key: string; max: number; windowMs: number; now: Date },
): Promise<void> {
  const { count, resetAt } = await hitRateLimit(db, check.key, check.windowMs, check.now);
  if (count > check.max) {
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - check.now.getTime()) / 1000));
    throw new DomainError("rate_limited", { retryAfterSeconds });
  }
}
