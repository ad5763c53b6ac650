/** Moving a connection to another issuer (e.g. a new Okta tenant) resets what `sub`s meant. */
import { and, eq } from "drizzle-orm";
import { auditEvents, ssoIdentities } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { signInWithoutBrowser } from "@jams/dev-idp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedInCaller } from "./helpers/callers";
import { makeUser, unique } from "./helpers/factories";
import { deliverCallback, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 3";

describe.each(testDrivers(databaseUrl))("issuer change on %s", (driver) => {
  const stack = withHarness(driver);
  let newTenant: DevIdp;

  beforeAll(async () => {
    newTenant = await startDevIdp({ port: 0, clients: [], users: [] });
  });
  afterAll(async () => {
    await newTenant.close();
  });

  it("drops the connection's (connection, sub) bindings so users can sign in at the new tenant", async () => {
    const { org, admin, connection } = await stack.orgWithConnection();
    const email = `mover-${unique()}@example.com`;
    await makeUser(stack.db, org.id, { email });
    stack.harness.idp.addUser({ sub: `old-${unique()}`, email, name: "Mover", password: IDP_PASSWORD });
    const firstBrowser = stack.harness.browser();
    const firstCallback = await signInAtIdp(stack.harness, firstBrowser, { connectionId: connection.id, email, password: IDP_PASSWORD });
    expect((await deliverCallback(firstBrowser, firstCallback)).location).toBe("/dashboard");
    const bound = () => stack.db.select({ subject: ssoIdentities.subject }).from(ssoIdentities).where(eq(ssoIdentities.connectionId, connection.id));
    expect(await bound()).toHaveLength(1);

    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    // Same issuer, new client id: the subjects keep their meaning.
    await caller.sso.update({ connectionId: connection.id, clientId: `${connection.clientId}-renamed` });
    expect(await bound()).toHaveLength(1);

    newTenant.addClient({ clientId: connection.clientId, clientSecret: "new-tenant-secret-value", redirectUris: [stack.harness.redirectUri], tokenEndpointAuthMethod: "client_secret_basic" });
    await caller.sso.update({ connectionId: connection.id, issuer: newTenant.issuer, clientId: connection.clientId, clientSecret: "new-tenant-secret-value" });
    expect(await bound()).toEqual([]);
    const [audit] = await stack.db
      .select({ metadata: auditEvents.metadata })
      .from(auditEvents)
      // Save also records its Check connection (sso.connection_checked) after the update.
      .where(and(eq(auditEvents.targetId, connection.id), eq(auditEvents.action, "sso.connection_updated")))
      .orderBy(auditEvents.createdAt)
      .then((rows) => rows.slice(-1));
    expect(audit?.metadata).toMatchObject({ identitiesReset: 1 });

    newTenant.addUser({ sub: `new-${unique()}`, email, name: "Mover", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const started = await browser.mutation<{ redirectUrl: string }>("auth.startSso", { connectionId: connection.id, email });
    const callbackUrl = await signInWithoutBrowser({ authorizationUrl: started.data?.redirectUrl ?? "", email, password: IDP_PASSWORD, redirectUri: stack.harness.redirectUri });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
  });
});
