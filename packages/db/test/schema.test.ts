import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../src/client";
import { organizationDomains, organizations, ssoIdentities, users } from "../src/schema";
import { createTestDatabase, testDrivers } from "../src/testing";
import { makeConnection, makeOrganization, makeUser } from "./factories";

const databaseUrl = inject("databaseUrl") || undefined;

// Postgres wraps the violation in a DrizzleQueryError; the SQLSTATE lives on the cause.
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code;
  }
  return undefined;
}

describe.each(testDrivers(databaseUrl))("schema on %s", (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver, databaseUrl);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("applies every migration from zero and is idempotent", async () => {
    await handle.migrate();
    // postgres.js answers with an array, PGlite with { rows }.
    const result: unknown = await handle.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[];
    expect(rows.map((r) => r.table_name)).toEqual([
      "audit_events",
      "group_role_mappings",
      "invitations",
      "organization_domains",
      "organizations",
      "rate_limit_buckets",
      "scim_directories",
      "scim_group_members",
      "scim_groups",
      "scim_requests",
      "sessions",
      "sso_connections",
      "sso_identities",
      "sso_sign_in_attempts",
      "sso_transactions",
      "users",
    ]);
  });

  it("an address holds an account in one organisation only, whatever its case; invitations do not hold it", async () => {
    const orgA = await makeOrganization(handle.db);
    const orgB = await makeOrganization(handle.db);
    const orgC = await makeOrganization(handle.db);
    const held = await makeUser(handle.db, orgA.id);
    await handle.db.update(users).set({ status: "active" }).where(eq(users.id, held.id));
    // Invited rows (the default status) may share the address across organisations…
    const invitedB = await makeUser(handle.db, orgB.id, held.email.toUpperCase());
    await makeUser(handle.db, orgC.id, held.email);
    // …but never twice in one organisation, and never activated while another holds it.
    expect(await sqlState(makeUser(handle.db, orgB.id, held.email))).toBe("23505");
    expect(await sqlState(handle.db.update(users).set({ status: "active" }).where(eq(users.id, invitedB.id)))).toBe("23505");
  });

  it("a domain is verified by at most one organisation", async () => {
    const orgA = await makeOrganization(handle.db);
    const orgB = await makeOrganization(handle.db);
    const at = new Date();
    await handle.db.insert(organizationDomains).values({ organizationId: orgA.id, domain: "claimed.test", verificationToken: "a", verifiedAt: at });
    await handle.db.insert(organizationDomains).values({ organizationId: orgB.id, domain: "claimed.test", verificationToken: "b" });
    expect(await sqlState(handle.db.update(organizationDomains).set({ verifiedAt: at }).where(eq(organizationDomains.organizationId, orgB.id)))).toBe("23505");
  });

  it("binds an IdP subject to one user per connection and one subject per user", async () => {
    const org = await makeOrganization(handle.db);
    const connection = await makeConnection(handle.db, org.id);
    const alice = await makeUser(handle.db, org.id);
    const bob = await makeUser(handle.db, org.id);
    await handle.db.insert(ssoIdentities).values({ connectionId: connection.id, subject: "sub-1", userId: alice.id });
    expect(
      await sqlState(
        handle.db.insert(ssoIdentities).values({ connectionId: connection.id, subject: "sub-1", userId: bob.id }),
      ),
    ).toBe("23505");
    expect(
      await sqlState(
        handle.db.insert(ssoIdentities).values({ connectionId: connection.id, subject: "sub-2", userId: alice.id }),
      ),
    ).toBe("23505");
  });

  it("removes an organisation's users with it", async () => {
    const org = await makeOrganization(handle.db);
    const user = await makeUser(handle.db, org.id);
    await handle.db.delete(organizations).where(eq(organizations.id, org.id));
    const left = await handle.db.select({ id: users.id }).from(users).where(eq(users.id, user.id));
    expect(left).toEqual([]);
  });
});

describe("embedded database on disk", () => {
  it("creates its folder on first start and keeps data across restarts", async () => {
    const root = mkdtempSync(join(tmpdir(), "jams-pglite-"));
    const dataDir = join(root, "not-yet", "there");
    try {
      const first = await createDatabase({ driver: "pglite", dataDir });
      await first.migrate();
      const org = await makeOrganization(first.db);
      await first.close();
      const second = await createDatabase({ driver: "pglite", dataDir });
      await second.migrate();
      const rows = await second.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, org.id));
      await second.close();
      expect(rows).toEqual([org]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
