/**
 * Setup that can't silently fail, through the procedures against the dev IdP: Check connection on
 * Save and on demand (audited, per field, secret never echoed), Test sign-in evidence (claims,
 * email compared, closest invited email), pending / abandoned hints, and Enforce SSO as the guide
 * describes it (an admin's real SSO sign-in verifies the connection).
 */
import { and, eq } from "drizzle-orm";
import { auditEvents, ssoConnections } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { pino } from "pino";
import { describe, expect, inject, it } from "vitest";
import { createAppDeps } from "../src/app";
import { sessionCookieName } from "../src/domain/sessions/cookie-names";
import { createInvitedUser } from "../src/domain/users/create-invitation";
import { anonymousCaller, MemoryCookieJar, signedInCaller } from "./helpers/callers";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { CLIENT_SECRET, deliverCallback, runTestSignIn, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 3";

describe.each(testDrivers(databaseUrl))("SSO diagnostics on %s", (driver) => {
  const stack = withHarness(driver);


  it("1-4: Save runs Check connection; each mistake lands on its field, audited, secret never echoed", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const clientId = `jams-diag-${unique()}`;
    // Registered with another redirect URI and client_secret_post: three mistakes at once are too many; go one by one.
    stack.harness.idp.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [`${stack.harness.publicUrl}/wrong/callback`], tokenEndpointAuthMethod: "client_secret_post" });
    const created = await caller.sso.create({ label: "Okta", issuer: stack.harness.idp.issuer, clientId, clientSecret: CLIENT_SECRET, tokenEndpointAuthMethod: "client_secret_post" });
    expect(created.lastCheck?.findings.map((f) => [f.field, f.code])).toEqual([["redirectUri", "sso_redirect_uri_not_registered"]]);
    expect(created.lastCheck?.status).toBe("problems");

    stack.harness.idp.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [stack.harness.redirectUri], tokenEndpointAuthMethod: "client_secret_post" });
    const wrongMethod = await caller.sso.update({ connectionId: created.id, tokenEndpointAuthMethod: "client_secret_basic" });
    expect(wrongMethod.lastCheck?.findings).toEqual([expect.objectContaining({ field: "tokenEndpointAuthMethod", code: "sso_client_auth_method_mismatch", suggestedAuthMethod: "client_secret_post" })]);

    const wrongSecret = await caller.sso.update({ connectionId: created.id, tokenEndpointAuthMethod: "client_secret_post", clientSecret: "pasted-the-wrong-secret-value" });
    expect(wrongSecret.lastCheck?.findings.map((f) => [f.field, f.code])).toEqual([["clientSecret", "sso_client_secret_invalid"]]);

    const wrongClient = await caller.sso.update({ connectionId: created.id, clientId: "0oa-typo", clientSecret: CLIENT_SECRET });
    expect(wrongClient.lastCheck?.findings.map((f) => [f.field, f.code])).toEqual([["clientId", "sso_client_unknown"]]);

    await caller.sso.update({ connectionId: created.id, clientId });
    const ok = await caller.sso.checkConnection({ connectionId: created.id });
    expect(ok).toMatchObject({ status: "ok", redirectUri: "verified", clientId: "verified", clientSecret: "verified", authMethod: "verified" });

    const checks = await stack.db
      .select({ metadata: auditEvents.metadata })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, created.id), eq(auditEvents.action, "sso.connection_checked")));
    expect(checks.map((c) => (c.metadata as { status: string }).status)).toEqual(["problems", "problems", "problems", "problems", "ok", "ok"]);
    const everything = JSON.stringify([checks, await caller.sso.list(), await caller.audit.list({})]);
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain("pasted-the-wrong-secret-value");
  });

  it("8: email differs at the IdP → claims, the email compared and the closest invited email", async () => {
    const { org, admin, connection } = await stack.orgWithConnection();
    const tag = unique();
    await createInvitedUser(stack.db, { organizationId: org.id, email: `dave-${tag}@example.com`, displayName: null, role: "member", invitedBy: null, now: new Date() });
    stack.harness.idp.addUser({ sub: `dave-${tag}`, email: `dave.smith-${tag}@example.com`, name: "Dave Smith", password: IDP_PASSWORD });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email: `dave.smith-${tag}@example.com`, password: IDP_PASSWORD });
    const result = await caller.sso.testResult({ attemptId });
    expect(result).toMatchObject({
      status: "failed",
      code: "user_not_provisioned",
      emailCompared: `dave.smith-${tag}@example.com`,
      closestUser: { email: `dave-${tag}@example.com`, status: "invited" },
      mapping: { emailClaim: "email", nameClaim: "name" },
    });
    expect(result.received?.userInfo).toMatchObject({ email: `dave.smith-${tag}@example.com`, name: "Dave Smith" });
    expect(result.received?.idToken).toMatchObject({ sub: `dave-${tag}` });
  });

  it("9: user not assigned → access_denied explained as an assignment, never as the redirect URI", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `unassigned-${unique()}@example.com`;
    stack.harness.idp.addUser({ email, name: "No Access", password: IDP_PASSWORD, assigned: false });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email, password: IDP_PASSWORD });
    const result = await caller.sso.testResult({ attemptId });
    expect(result).toMatchObject({ status: "failed", code: "sso_idp_rejected", idpError: "access_denied", idpErrorDescription: "User is not assigned to the client application." });
    expect(result.hint).toMatch(/Assign the user/);
    expect(result.hint).not.toMatch(/Redirect URI/);
    const [attempt] = await caller.sso.attempts({ connectionId: connection.id });
    expect(attempt?.adminHint).toMatch(/Assign the user/);
  });

  it("11: no email claim (Entra-style upn) → the claims received and the claim to map", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `entra-${unique()}@example.com`;
    stack.harness.idp.addUser({ email, name: "Entra User", password: IDP_PASSWORD, omitEmailClaim: true, claims: { upn: email } });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email, password: IDP_PASSWORD });
    const result = await caller.sso.testResult({ attemptId });
    expect(result).toMatchObject({ status: "failed", code: "sso_email_missing" });
    expect(result.received?.userInfo).toMatchObject({ upn: email });
    expect(result.hint).toMatch(/Set Email claim \(Claim mappings\) to upn/);
  });

  it("a successful test shows every claim received with the mapping", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    stack.harness.idp.addUser({ sub: `adm-${unique()}`, email: admin.email, name: "Admin", password: IDP_PASSWORD });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email: admin.email, password: IDP_PASSWORD });
    const result = await caller.sso.testResult({ attemptId });
    expect(result).toMatchObject({ status: "succeeded", emailCompared: admin.email, mapping: { emailClaim: "email" } });
    expect(result.received?.userInfo).toMatchObject({ email: admin.email, email_verified: true });
  });

  it("12: a test that never returns says what the IdP waits for, and is abandoned after 3 minutes, not 10", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const { attemptId } = await caller.sso.testSignIn({ connectionId: connection.id });
    const at = (minutes: number) => createAppDeps(stack.harness.api.deps.config, stack.db, { logger: pino({ level: "silent" }), now: () => new Date(Date.now() + minutes * 60_000) });
    const { caller: soon } = await signedInCaller(at(1), admin);
    const pending = await soon.sso.testResult({ attemptId });
    expect(pending.status).toBe("pending");
    expect(pending.pendingHint).toMatch(/MFA enrolment or a sign-on policy/);
    const { caller: later } = await signedInCaller(at(4), admin);
    expect(await later.sso.testResult({ attemptId })).toMatchObject({ status: "abandoned" });
    const [attempt] = await later.sso.attempts({ connectionId: connection.id });
    expect(attempt?.status).toBe("abandoned");
    expect(attempt?.adminHint).toMatch(/Check connection/);
  });

  it("1: a sign-in stuck on the IdP's own error page is explained by the last Check connection", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const clientId = `jams-stuck-${unique()}`;
    stack.harness.idp.addClient({ clientId, clientSecret: CLIENT_SECRET, redirectUris: [`${stack.harness.publicUrl}/other`], tokenEndpointAuthMethod: "client_secret_basic" });
    const connection = await caller.sso.create({ label: "Okta", issuer: stack.harness.idp.issuer, clientId, clientSecret: CLIENT_SECRET });
    const { attemptId } = await caller.sso.testSignIn({ connectionId: connection.id });
    // The IdP answers the real authorization request with its invalid_redirect_uri page: nobody comes back.
    expect((await caller.sso.testResult({ attemptId })).pendingHint).toMatch(/sso_redirect_uri_not_registered/);
    const later = createAppDeps(stack.harness.api.deps.config, stack.db, { logger: pino({ level: "silent" }), now: () => new Date(Date.now() + 4 * 60_000) });
    const [attempt] = await (await signedInCaller(later, admin)).caller.sso.attempts({ connectionId: connection.id });
    expect(attempt?.status).toBe("abandoned");
    expect(attempt?.adminHint).toMatch(/sso_redirect_uri_not_registered/);
  });

  it("16: an admin's real SSO sign-in verifies the connection; that admin can enforce without Test sign-in", async () => {
    const { org, admin, connection } = await stack.orgWithConnection();
    const { caller: passwordAdmin } = await signedInCaller(stack.harness.api.deps, admin);
    expect(await passwordAdmin.sso.enforcement()).toMatchObject({ canEnforce: false, blockedReason: "no_verified_connection" });
    // The thrown code is the blockedReason shown.
    await expectAppCode(passwordAdmin.sso.setEnforced({ enforced: true }), "no_verified_connection");

    // Guide Step 6: a real sign-in through /login, no Test sign-in.
    stack.harness.idp.addUser({ sub: `adm-${unique()}`, email: admin.email, name: "Admin", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: connection.id, email: admin.email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    const [row] = await stack.db.select({ verifiedAt: ssoConnections.verifiedAt }).from(ssoConnections).where(eq(ssoConnections.id, connection.id));
    expect(row?.verifiedAt).not.toBeNull();

    // Preflight: invited-not-accepted, and a member whose latest SSO attempt failed (with its code).
    const invited = await createInvitedUser(stack.db, { organizationId: org.id, email: `inv-${unique()}@example.com`, displayName: null, role: "member", invitedBy: null, now: new Date() });
    const member = await makeUser(stack.db, org.id);
    stack.harness.idp.addUser({ email: member.email, name: "Member", password: IDP_PASSWORD, assigned: false });
    const memberBrowser = stack.harness.browser();
    await deliverCallback(memberBrowser, await signInAtIdp(stack.harness, memberBrowser, { connectionId: connection.id, email: member.email, password: IDP_PASSWORD }));

    expect(await passwordAdmin.sso.enforcement()).toMatchObject({ canEnforce: false, blockedReason: "enforce_requires_sso_session" });
    await expectAppCode(passwordAdmin.sso.setEnforced({ enforced: true }), "enforce_requires_sso_session");

    const jar = new MemoryCookieJar();
    const cookieName = sessionCookieName(stack.harness.api.deps.config);
    jar.set(cookieName, browser.cookies.get(cookieName) ?? "");
    const { caller: ssoAdmin } = await anonymousCaller(stack.harness.api.deps, jar);
    const view = await ssoAdmin.sso.enforcement();
    expect(view).toMatchObject({ canEnforce: true, blockedReason: null });
    expect(view.preflight.invitedNotAccepted.map((u) => u.id)).toEqual([invited.userId]);
    expect(view.preflight.latestAttemptFailed).toEqual([expect.objectContaining({ id: member.id, code: "sso_idp_rejected" })]);
    expect(await ssoAdmin.sso.setEnforced({ enforced: true })).toMatchObject({ enforced: true });
  });

  it("16: an admin SSO session through an unverified connection can enforce, and that verifies it", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const { caller } = await signedInCaller(stack.harness.api.deps, admin, "sso", connection.id);
    expect(await caller.sso.enforcement()).toMatchObject({ canEnforce: true, blockedReason: null });
    await caller.sso.setEnforced({ enforced: true });
    expect((await caller.sso.get({ connectionId: connection.id })).verifiedAt).not.toBeNull();
  });
});
