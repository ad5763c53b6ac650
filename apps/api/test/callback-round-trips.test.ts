/**
 * The callback is the hot path (issue 11's budget): count the statements it sends and the
 * requests it makes to the IdP.
 */
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness, type Harness } from "./helpers/sso-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 3";

// Each statement's leading CTE (the rest of its shape is pinned by the other suites).
const shape = (queries: string[]) => queries.map((q) => /^with (\w+)/i.exec(q)?.[1] ?? q.slice(0, 40));
const paths = (requests: readonly string[]) => requests.map((path) => path.replace(/^\/oauth2\/default/, ""));

describe.each(testDrivers(databaseUrl))("SSO callback round trips on %s", (driver) => {
  const statements: string[] = [];
  let database: DatabaseHandle;
  const harnesses: Record<"fat" | "thin", { harness: Harness; connectionId: string; organizationId: string } | null> = { fat: null, thin: null };

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl, { onQuery: (query) => statements.push(query) });
    for (const kind of ["fat", "thin"] as const) {
      // "thin": Okta-like, profile and email claims only from UserInfo; "fat": all in the ID token.
      const harness = await startHarness(database, {
        idp: { conformIdTokenClaims: kind === "thin" },
      });
      const { admin } = await makeOrgWithAdmin(database.db);
      const connectionId = (await connectOrgToIdp(harness, admin)).id;
      harnesses[kind] = { harness, connectionId, organizationId: admin.organizationId };
    }
  });
  afterAll(async () => {
    for (const entry of Object.values(harnesses)) await entry?.harness.close();
    await database.close();
  });

  async function signInTwice(kind: "fat" | "thin") {
    const entry = harnesses[kind];
    if (!entry) throw new Error("harness not started");
    const email = `rt-${unique()}@example.com`;
    await makeUser(database.db, entry.organizationId, { email });
    entry.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Round Trip", password: IDP_PASSWORD });
    const counted = [];
    for (let i = 0; i < 2; i++) {
      const browser = entry.harness.browser();
      const callbackUrl = await signInAtIdp(entry.harness, browser, { connectionId: entry.connectionId, email, password: IDP_PASSWORD });
      statements.length = 0;
      const idpBefore = entry.harness.idp.requestLog.length;
      const { location } = await deliverCallback(browser, callbackUrl);
      expect(location).toBe("/dashboard");
      counted.push({ statements: shape(statements), idpRequests: paths(entry.harness.idp.requestLog.slice(idpBefore)) });
    }
    return counted;
  }

  it("makes two statements, the first sign-in included, and one IdP request when the ID token has the claims", async () => {
    const [first, again] = await signInTwice("fat");
    // 1. the per-address rate-limit hit + DELETE … RETURNING of the transaction with its
    //    connection (consume-transaction.ts); 2. match, bind or touch, and the whole sign-in
    //    (finish-sign-in.ts). No transaction round trips, no lookups of their own.
    expect(first?.statements).toEqual(["rl_hit", "m_user"]);
    expect(again?.statements).toEqual(["rl_hit", "m_user"]);
    // Discovery is cached by the connection's check; the key set by the first sign-in.
    expect(first?.idpRequests).toEqual(["/token", "/jwks"]);
    expect(again?.idpRequests).toEqual(["/token"]);
  });

  it("asks UserInfo only when the ID token lacks the mapped claims", async () => {
    const [, again] = await signInTwice("thin");
    expect(again?.statements).toEqual(["rl_hit", "m_user"]);
    expect(again?.idpRequests).toEqual(["/token", "/me"]);
  });
});
