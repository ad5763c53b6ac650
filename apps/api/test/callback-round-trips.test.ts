/** The callback is the hot path: count the statements it sends. */
import { createTestDatabase } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness, type Harness } from "./helpers/sso-harness";

const IDP_PASSWORD = "idp password 3";

describe("SSO callback round trips", () => {
  const statements: string[] = [];
  let database: DatabaseHandle;
  let harness: Harness;
  let connectionId: string;
  let organizationId: string;

  beforeAll(async () => {
    database = await createTestDatabase("pglite", undefined, { onQuery: (query) => statements.push(query) });
    harness = await startHarness(database);
    const { admin } = await makeOrgWithAdmin(database.db);
    organizationId = admin.organizationId;
    connectionId = (await connectOrgToIdp(harness, admin)).id;
  });
  afterAll(async () => {
    await harness.close();
    await database.close();
  });

  async function countCallbackStatements(email: string): Promise<string[]> {
    const browser = harness.browser();
    const callbackUrl = await signInAtIdp(harness, browser, { connectionId, email, password: IDP_PASSWORD });
    statements.length = 0;
    const { location } = await deliverCallback(browser, callbackUrl);
    expect(location).toBe("/dashboard");
    return [...statements];
  }

  it("makes five statements: no per-request work that could be done once, no transaction round trips", async () => {
    const email = `rt-${unique()}@example.com`;
    await makeUser(database.db, organizationId, { email });
    harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Round Trip", password: IDP_PASSWORD });
    const first = await countCallbackStatements(email);
    const again = await countCallbackStatements(email);
    // rate-limit hit, consume (DELETE … RETURNING joined), user lookup, bind/touch, one bookkeeping statement.
    // The rate-limit hit is one statement (rate-limit.ts): the bounded trim of expired buckets
    // that a new bucket triggers is a CTE of it, not a statement of its own.
    const shape = (queries: string[]) => queries.map((q) => /^(?:with "(\w+)"|(\w+ (?:into |from )?"?\w+"?))/i.exec(q)?.slice(1).find(Boolean));
    expect(shape(first)).toEqual(["with rl_hit", "consumed", 'select "id"', 'insert into "sso_identities"', "accepted"]);
    expect(shape(again)).toEqual(["with rl_hit", "consumed", 'select "id"', 'update "sso_identities"', "accepted"]);
  });
});
