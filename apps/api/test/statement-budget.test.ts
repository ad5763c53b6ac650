/**
 * Issue 11's statement budget for the sign-in path's legs other than the callback (see
 * callback-round-trips.test.ts): each is one statement, rate-limit hit included, so a change
 * that adds a round trip fails here instead of only showing in `pnpm bench`.
 */
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness, type Harness } from "./helpers/sso-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 4";

describe.each(testDrivers(databaseUrl))("statement budget of discover, startSso and me on %s", (driver) => {
  const statements: string[] = [];
  let database: DatabaseHandle;
  let harness: Harness;
  let connectionId: string;
  let email: string;

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl, { onQuery: (query) => statements.push(query) });
    harness = await startHarness(database);
    const { admin } = await makeOrgWithAdmin(database.db);
    connectionId = (await connectOrgToIdp(harness, admin)).id;
    email = `budget-${unique()}@example.com`;
    await makeUser(database.db, admin.organizationId, { email });
    harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Budget", password: IDP_PASSWORD });
  });
  afterAll(async () => {
    await harness.close();
    await database.close();
  });

  async function counted<T>(leg: () => Promise<T>): Promise<{ result: T; count: number }> {
    statements.length = 0;
    const result = await leg();
    return { result, count: statements.length };
  }

  it("auth.discover is one statement, the rate-limit hit included", async () => {
    const browser = harness.browser();
    for (let i = 0; i < 2; i++) {
      const { result, count } = await counted(() => browser.mutation<{ sso: { connectionId: string }[] }>("auth.discover", { email }));
      expect(result.data?.sso.map((s) => s.connectionId)).toEqual([connectionId]);
      expect(count).toBe(1);
    }
  });

  it("auth.startSso is one statement (rate limit, settings, attempt and transaction), and so is auth.me", async () => {
    const browser = harness.browser();
    const started = await counted(() => browser.mutation<{ redirectUrl: string }>("auth.startSso", { connectionId, email }));
    expect(started.result.data?.redirectUrl).toContain("code_challenge=");
    expect(started.count).toBe(1);

    const callbackUrl = await signInAtIdp(harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    for (let i = 0; i < 2; i++) {
      const me = await counted(() => browser.query<{ user: { email: string }; session: { connectionLabel: string } }>("auth.me"));
      expect(me.result.data?.user.email).toBe(email);
      expect(me.result.data?.session.connectionLabel).toBe("Okta");
      expect(me.count).toBe(1);
    }
  });
});
