/** Fault injection: the IdP or the database goes away mid-flow; every path still ends in a code. */
import { eq } from "drizzle-orm";
import { createDatabase, type DatabaseHandle } from "@jams/db/client";
import { ssoSignInAttempts } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startApiServer, type RunningApiServer } from "../src/app";
import { freePort, testConfig } from "./helpers/config";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness } from "./helpers/sso-harness";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("IdP outage on %s", (driver) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
  });
  afterAll(async () => {
    await database.close();
  });

  it("an IdP that disappears between redirect and callback yields sso_idp_unreachable, recorded for the admin", async () => {
    const harness = await startHarness(database);
    try {
      const { org, admin } = await makeOrgWithAdmin(database.db);
      const connection = await connectOrgToIdp(harness, admin);
      const email = `gone-${unique()}@example.com`;
      await makeUser(database.db, org.id, { email });
      harness.idp.addUser({ email, name: "Gone", password: "idp password 1" });
      const browser = harness.browser();
      const callbackUrl = await signInAtIdp(harness, browser, { connectionId: connection.id, email, password: "idp password 1" });
      await harness.idp.close();

      const { status, location } = await deliverCallback(browser, callbackUrl);
      expect(status).toBe(303);
      expect(location).toBe("/login?error=sso_idp_unreachable");
      const [attempt] = await database.db
        .select({ outcome: ssoSignInAttempts.outcome, code: ssoSignInAttempts.code })
        .from(ssoSignInAttempts)
        .where(eq(ssoSignInAttempts.connectionId, connection.id));
      expect(attempt).toEqual({ outcome: "failed", code: "sso_idp_unreachable" });
      expect(browser.cookies.has("jams_session")).toBe(false);
    } finally {
      await harness.api.close();
    }
  });
});

describe("database outage", () => {
  let api: RunningApiServer;
  let unreachable: DatabaseHandle;
  beforeAll(async () => {
    // Nothing listens on port 1: every statement fails fast with a connection error.
    unreachable = await createDatabase({ driver: "postgres", url: "postgres://postgres@127.0.0.1:1/none", maxConnections: 1 });
    api = await startApiServer({ config: testConfig({ port: await freePort() }), database: unreachable, logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await api.close();
    await unreachable.close();
  });

  it("reports unready but alive", async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
  });

  it("sends an IdP redirect to a coded login page instead of a bare 500", async () => {
    const response = await fetch(`${api.url}/auth/sso/callback?state=${"s".repeat(43)}&code=abc`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?error=service_unavailable");
  });

  it("answers procedures with a 503 service_unavailable and no driver details", async () => {
    const response = await fetch(`${api.url}/trpc/auth.discover`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(api.deps.config.publicUrl).origin },
      body: JSON.stringify({ email: "someone@example.com" }),
    });
    const body = (await response.json()) as { error?: { message: string; data?: { appCode?: string } } };
    expect(response.status).toBe(503);
    expect(body.error?.data?.appCode).toBe("service_unavailable");
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:1|postgres/);
  });
});
