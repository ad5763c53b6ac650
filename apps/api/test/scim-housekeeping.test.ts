/** The SCIM request log is diagnostics, written on every request: it must not grow without bound. */
import { scimRequests } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { SCIM_REQUEST_RETENTION_MS, purgeExpiredRows } from "../src/domain/maintenance/purge-expired";
import { makeOrgWithAdmin } from "./helpers/factories";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("SCIM request log retention on %s", (driver) => {
  it("keeps requests for the retention period, then drops them", async () => {
    const database = await createTestDatabase(driver, databaseUrl);
    try {
      const { org } = await makeOrgWithAdmin(database.db);
      const t0 = new Date("2030-01-01T00:00:00Z");
      const [row] = await database.db
        .insert(scimRequests)
        .values({ organizationId: org.id, method: "GET", path: "/Users", status: 200, durationMs: 3, createdAt: t0 })
        .returning({ id: scimRequests.id });
      const remaining = () => database.db.select({ id: scimRequests.id }).from(scimRequests);
      await purgeExpiredRows(database.db, new Date(t0.getTime() + SCIM_REQUEST_RETENTION_MS - 60_000));
      expect(await remaining()).toEqual([row]);
      await purgeExpiredRows(database.db, new Date(t0.getTime() + SCIM_REQUEST_RETENTION_MS + 60_000));
      expect(await remaining()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
