import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rateLimitBuckets, ssoConnections, ssoSignInAttempts } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { runCli } from "../src/cli";
import { loadConfig } from "../src/config";
import { ATTEMPT_RETENTION_MS, purgeExpiredRows } from "../src/domain/maintenance/purge-expired";
import { hitRateLimit } from "../src/domain/shared/rate-limit";
import { TEST_ENCRYPTION_KEY } from "./helpers/config";
import { makeOrgWithAdmin } from "./helpers/factories";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("housekeeping on %s", (driver) => {
  it("rate-limit windows restart after expiry and expired buckets are purged", async () => {
    const database = await createTestDatabase(driver, databaseUrl);
    try {
      const t0 = new Date("2030-01-01T00:00:00Z");
      expect((await hitRateLimit(database.db, "k", 1000, t0)).count).toBe(1);
      expect((await hitRateLimit(database.db, "k", 1000, new Date(t0.getTime() + 500))).count).toBe(2);
      expect((await hitRateLimit(database.db, "k", 1000, new Date(t0.getTime() + 1500))).count).toBe(1);
      await purgeExpiredRows(database.db, new Date(t0.getTime() + 10_000));
      // Keys are stored hashed; the only bucket in this fresh database is "k"'s.
      expect(await database.db.select().from(rateLimitBuckets)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("keeps sign-in attempts for the retention period, then drops them", async () => {
    const database = await createTestDatabase(driver, databaseUrl);
    try {
      const { org } = await makeOrgWithAdmin(database.db);
      const [connection] = await database.db
        .insert(ssoConnections)
        .values({ organizationId: org.id, label: "Okta", issuer: "https://idp.example", clientId: "c", clientSecretEncrypted: "x", clientSecretLast4: "" })
        .returning({ id: ssoConnections.id });
      const t0 = new Date("2030-01-01T00:00:00Z");
      const [attempt] = await database.db
        .insert(ssoSignInAttempts)
        .values({ connectionId: connection?.id ?? "", purpose: "sign_in", startedAt: t0 })
        .returning({ id: ssoSignInAttempts.id });
      const remaining = () => database.db.select({ id: ssoSignInAttempts.id }).from(ssoSignInAttempts);
      await purgeExpiredRows(database.db, new Date(t0.getTime() + ATTEMPT_RETENTION_MS - 60_000));
      expect(await remaining()).toEqual([attempt]);
      await purgeExpiredRows(database.db, new Date(t0.getTime() + ATTEMPT_RETENTION_MS + 60_000));
      expect(await remaining()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

describe("CLI", () => {
  it("creates an organisation, invites, unenforces and rotates keys, closing the database each time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jams-cli-"));
    const config = loadConfig({ PGLITE_DATA_DIR: join(dir, "pglite"), SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, PUBLIC_URL: "https://sso.example.com" });
    const lines: string[] = [];
    const run = (...argv: string[]) => runCli(argv, config, (line) => lines.push(line));
    try {
      expect(await run("migrate")).toBe(0);
      expect(await run("org", "create", "--name", "Cli Org", "--admin-email", "boss@cli.test")).toBe(0);
      expect(lines.at(-1)).toMatch(/^One-time invite link .*: https:\/\/sso\.example\.com\/invite\/[\w-]{43}$/);
      expect(await run("org", "create", "--name", "Other", "--admin-email", "BOSS@cli.test", "--admin-password", "long enough pw")).toBe(1);
      expect(lines.at(-1)).toContain("Refused (email_taken): boss@cli.test already belongs to organisation \"Cli Org\"");
      expect(await run("user", "invite", "--org", "cli-org", "--email", "m@cli.test")).toBe(0);
      expect(await run("sso", "unenforce", "--org", "cli-org")).toBe(0);
      expect(await run("sso", "unenforce", "--org", "missing")).toBe(1);
      expect(await run("secrets", "rotate-key")).toBe(0);
      expect(await run("nonsense")).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
