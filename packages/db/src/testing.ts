import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "./client";

export type TestDriver = DatabaseHandle["driver"];

/**
 * PGlite always; the real server too when the test run was given its URL. Without it, the
 * PostgreSQL variant is registered as a skipped suite, so the run reports it as skipped instead
 * of leaving it out silently.
 */
export function testDrivers(databaseUrl: string | undefined): TestDriver[] {
  if (databaseUrl) return ["pglite", "postgres"];
  describe.skip("PostgreSQL variant of the suites in this file (set DATABASE_URL to run it)", () => {
    it("runs against PostgreSQL", () => undefined);
  });
  return ["pglite"];
}

/**
 * A brand-new, migrated database that no other suite or run can see: an in-memory PGlite, or a
 * freshly created PostgreSQL database that `close()` drops again.
 */
export async function createTestDatabase(
  driver: TestDriver,
  databaseUrl?: string,
  options: { onQuery?: (query: string) => void } = {},
): Promise<DatabaseHandle> {
  if (driver === "pglite") {
    const handle = await createDatabase({ driver: "pglite", dataDir: "memory://", ...options });
    await handle.migrate();
    return handle;
  }
  if (!databaseUrl) throw new Error("the postgres test driver needs a database URL");
  const name = `jams_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ driver: "postgres", url: url.toString(), maxConnections: 5, ...options });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}
