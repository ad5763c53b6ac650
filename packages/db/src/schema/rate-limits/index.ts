import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Sliding-window counters shared by every API instance, so limits hold behind a load balancer.
 * A key's window is cut into slots (apps/api/src/domain/shared/rate-limit.ts); each slot is its
 * own row, so one address's checks do not all queue on a single hot row, and the count over the
 * window is the sum of the live slots. `reset_at` is when the slot stops counting.
 *
 * The table is UNLOGGED (migration 0005): counters are not worth a WAL write and an fsync per
 * request; a crash empties the table, which only forgets up to one window of counts.
 */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text().notNull(),
    slot: bigint({ mode: "number" }).notNull(),
    count: integer().notNull(),
    resetAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.slot] }), index("rate_limit_buckets_reset_at_idx").on(table.resetAt)],
);
