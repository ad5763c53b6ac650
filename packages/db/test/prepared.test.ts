/** definePrepared (issue 11): SQL built once, run on both drivers through the client factory. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../src/client";
import { definePrepared } from "../src/prepared";
import { createTestDatabase, testDrivers } from "../src/testing";

const databaseUrl = inject("databaseUrl") || undefined;

let builds = 0;
const echo = definePrepared<{ n: number; label: string; at_ms: number }>("test_echo", () => {
  builds += 1;
  return sql`select ${sql.placeholder("n")}::int + 1 as n, upper(${sql.placeholder("label")}::text) as label,
    (extract(epoch from ${sql.placeholder("at")}::timestamptz) * 1000)::float8 as at_ms`;
});

describe.each(testDrivers(databaseUrl))("prepared statements on %s", (driver) => {
  const statements: string[] = [];
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl, { onQuery: (query) => statements.push(query) });
  });
  afterAll(async () => {
    await database.close();
  });

  it("fills the placeholders on every call, builds the SQL once, and reports each run to onQuery", async () => {
    const buildsBefore = builds;
    statements.length = 0;
    const at = new Date("2030-01-01T00:00:00Z");
    for (let i = 0; i < 3; i++) {
      expect(await echo(database.db).execute({ n: i, label: `x${i}`, at: at.toISOString() })).toEqual([{ n: i + 1, label: `X${i}`, at_ms: at.getTime() }]);
    }
    expect(builds - buildsBefore).toBeLessThanOrEqual(1);
    expect(statements).toHaveLength(3);
    expect(echo(database.db)).toBe(echo(database.db));
  });
});
