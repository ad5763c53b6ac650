/** Issue 11: sliding-window rate-limit slots in an UNLOGGED table (domain/shared/rate-limit.ts). */
import { sql } from "drizzle-orm";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hitRateLimit, peekRateLimits } from "../src/domain/shared/rate-limit";

const databaseUrl = inject("databaseUrl") || undefined;
const WINDOW_MS = 1_000;
const t0 = Date.parse("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0 + ms);

describe.each(testDrivers(databaseUrl))("sliding rate-limit windows on %s", (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
  });
  afterAll(async () => {
    await database.close();
  });

  it("counts the hits of the last window across a fixed window's edge, then lets the oldest drop out", async () => {
    expect((await hitRateLimit(database.db, "edge", WINDOW_MS, at(0))).count).toBe(1);
    for (let i = 0; i < 4; i++) await hitRateLimit(database.db, "edge", WINDOW_MS, at(900));
    // The fixed window opened at 0 restarted at 1 here (a burst on each side of its edge counted
    // twice the limit); the sliding one still counts the 900 ms burst, only the hit at 0 is gone.
    const next = await hitRateLimit(database.db, "edge", WINDOW_MS, at(1_100));
    expect(next.count).toBe(5);
    // The first moment the count falls: when the slot holding the 900 ms burst leaves the window.
    expect(next.resetAt.getTime()).toBe(t0 + 1_750);
    expect((await peekRateLimits(database.db, ["edge"], at(1_800)))[0]).toEqual({ count: 1, resetAt: at(2_000) });
    expect((await hitRateLimit(database.db, "edge", WINDOW_MS, at(2_100))).count).toBe(1);
  });

  it("loses no hit when one key is hit concurrently", async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(database.db, "burst", WINDOW_MS, at(5_000))));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("keeps the counters in an UNLOGGED table (no WAL, emptied by crash recovery)", async () => {
    const result = await database.db.execute<{ relpersistence: string }>(
      sql`select relpersistence from pg_class where relname = 'rate_limit_buckets' and relkind = 'r'`,
    );
    const rows = Array.isArray(result) ? (result as { relpersistence: string }[]) : (result as { rows: { relpersistence: string }[] }).rows;
    expect(rows).toEqual([{ relpersistence: "u" }]);
  });
});
