/** A password session ended by Enforce SSO: the browser that held it is told why on /login. */
import { randomUUID } from "node:crypto";
import { ssoConnections } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { anonymousCaller, MemoryCookieJar, signedInCaller, testDeps } from "./helpers/callers";
import { makeOrgWithAdmin, makeUser } from "./helpers/factories";
import { withDatabase } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("why a session ended, on %s", (driver) => {
  const stack = withDatabase(driver);

  it("reports sso_enforced to the browser whose password session enforcement ended, and nothing to anyone else", async () => {
    const deps = testDeps(stack.database);
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    // A connection that already passed a Test sign-in (enforcement only checks that it exists).
    const [connection] = await stack.db
      .insert(ssoConnections)
      .values({ organizationId: org.id, label: "Okta", issuer: "https://acme.okta.com/oauth2/default", clientId: "c", clientSecretEncrypted: "sealed", clientSecretLast4: "abcd", verifiedAt: new Date() })
      .returning({ id: ssoConnections.id });
    if (!connection) throw new Error("no connection");
    const member = await makeUser(stack.db, org.id);
    const memberSession = await signedInCaller(deps, member);
    const loggedOut = await signedInCaller(deps, await makeUser(stack.db, org.id));
    await loggedOut.caller.auth.logout();

    expect(await (await anonymousCaller(deps, memberSession.cookies)).caller.auth.sessionEnded()).toEqual({ reason: null });

    const ssoAdmin = await signedInCaller(deps, admin, "sso", connection.id);
    await ssoAdmin.caller.sso.setEnforced({ enforced: true });

    const { caller: memberBrowser } = await anonymousCaller(deps, memberSession.cookies);
    expect(await memberBrowser.auth.me()).toBeNull();
    expect(await memberBrowser.auth.sessionEnded()).toEqual({ reason: "sso_enforced" });
    // Other browsers learn nothing: no cookie, an unknown cookie, a session ended by Sign out, the SSO admin's own.
    expect(await (await anonymousCaller(deps)).caller.auth.sessionEnded()).toEqual({ reason: null });
    const forged = new MemoryCookieJar();
    for (const name of memberSession.cookies.values.keys()) forged.set(name, randomUUID());
    expect(await (await anonymousCaller(deps, forged)).caller.auth.sessionEnded()).toEqual({ reason: null });
    expect(await (await anonymousCaller(deps, loggedOut.cookies)).caller.auth.sessionEnded()).toEqual({ reason: null });
    expect(await (await anonymousCaller(deps, ssoAdmin.cookies)).caller.auth.sessionEnded()).toEqual({ reason: null });
  });
});
