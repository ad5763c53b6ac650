/** Moving a connection to another issuer (e.g. a new Okta tenant) resets what `sub`s meant. */
import { and, eq } from "drizzle-orm";
import { auditEvents, ssoIdentities } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import type { DatabaseHandle } from "@jams/db/client";
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { signInWithoutBrowser } from "@jams/dev-idp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedInCaller } from "./helpers/callers";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness, type Harness } from "./helpers/sso-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 3";

describe.each(testDrivers(databaseUrl))("issuer change on %s", (driver) => {
  let database: DatabaseHandle;
  let harness: Harness;
  let newTenant: DevIdp;

  beforeAll(async () => {
    database = await createTestDatabase(driver, databaseUrl);
    harness = await startHarness(database);
    newTenant = await startDevIdp({ port: 0, clients: [], users: [] });
  });
  afterAll(async () => {
    await newTenant.close();
    await harness.close();
    await database.close();
  });

  it("drops the connection's (connection, sub) bindings so users can sign in at the new tenant", async () => {
    const { org, admin } = await makeOrgWithAdmin(database.db);
    const connection = await connectOrgToIdp(harness, admin);
    const email = `mover-${unique()}@example.com`;
    await makeUser(database.db, org.id, { email });
    harness.idp.addUser({ sub: `old-${unique()}`, email, name: "Mover", password: IDP_PASSWORD });
    const firstBrowser = harness.browser();
    const firstCallback = await signInAtIdp(harness, firstBrowser, { connectionId: connection.id, email, password: IDP_PASSWORD });
    expect((await deliverCallback(firstBrowser, firstCallback)).location).toBe("/dashboard");
    const bound = () => database.db.select({ subject: ssoIdentities.subject }).from(ssoIdentities).where(eq(ssoIdentities.connectionId, connection.id));
    expect(await bound()).toHaveLength(1);

    const { caller } = await signedInCaller(harness.api.deps, admin);
    // Same issuer, new client id: the subjects keep their meaning.
    await caller.sso.update({ connectionId: connection.id, clientId: `${connection.clientId}-renamed` });
    expect(await bound()).toHaveLength(1);

    newTenant.addClient({ clientId: connection.clientId, clientSecret: "new-tenant-secret-value", redirectUris: [harness.redirectUri], tokenEndpointAuthMethod: "client_secret_basic" });
    await caller.sso.update({ connectionId: connection.id, issuer: newTenant.issuer, clientId: connection.clientId, clientSecret: "new-tenant-secret-value" });
    expect(await bound()).toEqual([]);
    const [audit] = await database.db
      .select({ metadata: auditEvents.metadata })
      .from(auditEvents)
      // Save also records its Check connection (sso.connection_checked) after the update.
      .where(and(eq(auditEvents.targetId, connection.id), eq(auditEvents.action, "sso.connection_updated")))
      .orderBy(auditEvents.createdAt)
      .then((rows) => rows.slice(-1));
    expect(audit?.metadata).toMatchObject({ identitiesReset: 1 });

    newTenant.addUser({ sub: `new-${unique()}`, email, name: "Mover", password: IDP_PASSWORD });
    const browser = harness.browser();
    const started = await browser.mutation<{ redirectUrl: string }>("auth.startSso", { connectionId: connection.id, email });
    const callbackUrl = await signInWithoutBrowser({ authorizationUrl: started.data?.redirectUrl ?? "", email, password: IDP_PASSWORD, redirectUri: harness.redirectUri });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
  });
});
