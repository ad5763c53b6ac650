/**
 * Finding 8: a wrong password must cost the same for a known and an unknown email. Timing is
 * measured by apps/bench/src/password-timing.ts (no thresholds in tests); here the work itself is
 * compared: the same SQL statements, in the same order, over HTTP against a real server.
 */
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../../src/app";
import { TestBrowser } from "../helpers/browser";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "../helpers/config";
import { makeOrgWithAdmin, makeUser, PASSWORD, unique } from "../helpers/factories";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("password sign-in does the same work for unknown emails on %s", (driver) => {
  let database: DatabaseHandle;
  let api: RunningApiServer;
  let recording: string[] | null = null;

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl, { onQuery: (query) => recording?.push(query) });
    const port = await freePort();
    api = await startApiServer({ config: testConfig({ port, publicUrl: `http://127.0.0.1:${port}` }), database, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await api.close();
    await database.close();
  });

  async function statementsFor(email: string): Promise<string[]> {
    const browser = new TestBrowser(api.url, api.deps.config.publicUrl);
    recording = [];
    const answer = await browser.mutation("auth.passwordLogin", { email, password: "a wrong password" });
    const statements = recording;
    recording = null;
    expect(answer.appCode).toBe("invalid_credentials");
    return statements;
  }

  it("known email with a wrong password vs unknown email: identical statements", async () => {
    const { org } = await makeOrgWithAdmin(database.db);
    const known = await makeUser(database.db, org.id, { email: `known-${unique()}@example.com` });
    // Warm-up: the per-address bucket is created once; after that both calls find it.
    await statementsFor(`warm-up-${unique()}@example.com`);
    const knownStatements = await statementsFor(known.email);
    const unknownStatements = await statementsFor(`unknown-${unique()}@example.com`);
    expect(unknownStatements).toEqual(knownStatements);
    expect(knownStatements.some((q) => q.includes("audit_events"))).toBe(true);
  });

  it("the right password signs in with one write: cookie revoked, session, user and audit together", async () => {
    const { org } = await makeOrgWithAdmin(database.db);
    const user = await makeUser(database.db, org.id, { email: `right-${unique()}@example.com` });
    const browser = new TestBrowser(api.url, api.deps.config.publicUrl);
    recording = [];
    const answer = await browser.mutation("auth.passwordLogin", { email: user.email, password: PASSWORD });
    const statements = recording;
    recording = null;
    expect(answer.status).toBe(200);
    const signIn = statements.filter((q) => /^with sign_in_user/i.test(q));
    expect(signIn).toHaveLength(1);
    expect(signIn[0]).toMatch(/update sessions[\s\S]*insert into sessions[\s\S]*insert into audit_events[\s\S]*update users/i);
  });
});
