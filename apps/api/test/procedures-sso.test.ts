/** SSO settings, test sign-ins and enforcement through createCaller (plus HTTP where the IdP is involved). */
import { eq } from "drizzle-orm";
import { organizations, sessions, ssoConnections, ssoIdentities, users } from "@jams/db/schema";
import { secretContext } from "@jams/db/secrets";
import { testDrivers } from "@jams/db/testing";
import { pino } from "pino";
import { describe, expect, inject, it } from "vitest";
import { createAppDeps } from "../src/app";
import { ABANDONED_HINT } from "../src/domain/sso/attempts";
import { unenforceSsoBySlug } from "../src/domain/sso/enforcement";
import { createInvitedUser } from "../src/domain/users/create-invitation";
import { anonymousCaller, MemoryCookieJar, signedInCaller } from "./helpers/callers";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser, PASSWORD, unique } from "./helpers/factories";
import { CLIENT_SECRET, connectOrgToIdp, runTestSignIn } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 2";

describe.each(testDrivers(databaseUrl))("SSO administration on %s", (driver) => {
  const stack = withHarness(driver);


  it("never returns the client secret, and a blank secret on update keeps the stored one", async () => {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const created = await connectOrgToIdp(stack.harness, admin);
    expect(created).toMatchObject({ clientSecretSet: true, clientSecretLast4: CLIENT_SECRET.slice(-4), scopes: "openid profile email", emailClaim: "email", nameClaim: "name", tokenEndpointAuthMethod: "client_secret_basic", requireVerifiedEmail: true, enabled: true, verifiedAt: null });
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const responses = [
      created,
      await caller.sso.list(),
      await caller.sso.get({ connectionId: created.id }),
      await caller.sso.update({ connectionId: created.id, label: "Okta (prod)", clientSecret: "" }),
      await caller.sso.setEnabled({ connectionId: created.id, enabled: true }),
      await caller.sso.attempts({ connectionId: created.id }),
      await caller.audit.list({}),
    ];
    for (const response of responses) expect(JSON.stringify(response)).not.toContain(CLIENT_SECRET);
    const [row] = await stack.db.select({ sealed: ssoConnections.clientSecretEncrypted }).from(ssoConnections).where(eq(ssoConnections.id, created.id));
    expect(stack.harness.api.deps.secrets.open(row?.sealed ?? "", secretContext.connectionClientSecret(created.id))).toBe(CLIENT_SECRET);
    expect(org.id).toBe(admin.organizationId);
  });

  it("a short client secret is not echoed back through its 'last 4' (responses and audit)", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const shortSecret = "Q7!z";
    const created = await caller.sso.create({ label: "Okta", issuer: stack.harness.idp.issuer, clientId: `short-${unique()}`, clientSecret: shortSecret });
    const updated = await caller.sso.update({ connectionId: created.id, clientSecret: "Wx#8Yv" });
    for (const response of [created, updated, await caller.sso.list(), await caller.audit.list({})]) {
      for (const secret of [shortSecret, "Wx#8Yv"]) expect(JSON.stringify(response)).not.toContain(secret.slice(-4));
    }
    expect(created).toMatchObject({ clientSecretSet: true, clientSecretLast4: "" });
  });

  it("refuses to save an issuer that fails discovery, with the code and a hint", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    const base = { label: "Okta", clientId: "x", clientSecret: "y" };
    const error = await expectAppCode(caller.sso.create({ ...base, issuer: `${stack.harness.idp.issuer}/.well-known/openid-configuration` }), "issuer_is_discovery_url");
    expect((error.cause as { details?: { hint?: string } }).details?.hint).toBeTruthy();
    expect(await caller.sso.checkIssuer({ issuer: stack.harness.idp.issuer })).toMatchObject({ ok: true, issuer: stack.harness.idp.issuer });
    await expectAppCode(caller.sso.create({ ...base, issuer: stack.harness.idp.issuer, scopes: "profile email" }), "invalid_input");
  });

  it("hides other organisations' connections (not_found) and SSO settings from members (forbidden)", async () => {
    const a = await makeOrgWithAdmin(stack.db);
    const b = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, a.admin);
    const { caller: adminB } = await signedInCaller(stack.harness.api.deps, b.admin);
    await expectAppCode(adminB.sso.get({ connectionId: connection.id }), "not_found");
    await expectAppCode(adminB.sso.update({ connectionId: connection.id, label: "mine" }), "not_found");
    await expectAppCode(adminB.sso.delete({ connectionId: connection.id }), "not_found");
    await expectAppCode(adminB.sso.testSignIn({ connectionId: connection.id }), "not_found");
    await expectAppCode(adminB.sso.attempts({ connectionId: connection.id }), "not_found");
    await expectAppCode(adminB.sso.setEnabled({ connectionId: connection.id, enabled: false }), "not_found");
    const { attemptId } = await (await signedInCaller(stack.harness.api.deps, a.admin)).caller.sso.testSignIn({ connectionId: connection.id });
    await expectAppCode(adminB.sso.testResult({ attemptId }), "not_found");
    expect(await (await signedInCaller(stack.harness.api.deps, a.admin)).caller.sso.get({ connectionId: connection.id })).toMatchObject({ enabled: true });
    expect(await adminB.sso.list()).toEqual([]);
    const member = await makeUser(stack.db, a.org.id);
    const { caller: memberA } = await signedInCaller(stack.harness.api.deps, member);
    await expectAppCode(memberA.sso.list(), "forbidden");
    const { caller: anonymous } = await anonymousCaller(stack.harness.api.deps);
    await expectAppCode(anonymous.sso.list(), "unauthenticated");
  });

  it("a test sign-in reports claims and the mapped user, sets verifiedAt, and creates no session", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `tester-${unique()}@example.com`;
    const mapped = await makeUser(stack.db, admin.organizationId, { email });
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Tess Ter", password: IDP_PASSWORD });
    const { caller, attemptId, location, browser } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email, password: IDP_PASSWORD });
    expect(location).toBe(`/integrations/sso?test=${attemptId}`);
    expect(await caller.sso.testResult({ attemptId })).toMatchObject({
      status: "succeeded",
      code: null,
      claims: { email, name: "Tess Ter", email_verified: true },
      mappedUser: { id: mapped.id, email },
    });
    expect((await caller.sso.get({ connectionId: connection.id })).verifiedAt).toBeInstanceOf(Date);
    expect(await stack.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, mapped.id))).toEqual([]);
    expect((await browser.query("auth.me")).data).toMatchObject({ user: { id: admin.id } });
  });

  it("a failing test sign-in explains itself and leaves the connection unverified", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `nobody-${unique()}@example.com`;
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "No Body", password: IDP_PASSWORD });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email, password: IDP_PASSWORD });
    const result = await caller.sso.testResult({ attemptId });
    expect(result).toMatchObject({ status: "failed", code: "user_not_provisioned", claims: { email }, mappedUser: null });
    expect(result.hint).toBeTruthy();
    expect((await caller.sso.get({ connectionId: connection.id })).verifiedAt).toBeNull();
    const [attempt] = await caller.sso.attempts({ connectionId: connection.id });
    expect(attempt).toMatchObject({ status: "failed", code: "user_not_provisioned", purpose: "test" });
  });

  it("a test sign-in for a user already bound to another sub reports sso_identity_conflict", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `rebound-${unique()}@example.com`;
    const user = await makeUser(stack.db, admin.organizationId, { email });
    // The user signed in once with an IdP account that has since been recreated under a new sub.
    await stack.db.insert(ssoIdentities).values({ connectionId: connection.id, subject: `old-${unique()}`, userId: user.id });
    stack.harness.idp.addUser({ sub: `new-${unique()}`, email, name: "Re Bound", password: IDP_PASSWORD });
    const { caller, attemptId } = await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email, password: IDP_PASSWORD });
    expect(await caller.sso.testResult({ attemptId })).toMatchObject({ status: "failed", code: "sso_identity_conflict", mappedUser: null });
    expect((await caller.sso.get({ connectionId: connection.id })).verifiedAt).toBeNull();
  });

  it("while enforced, re-pointing the last verified connection is sso_enforced_needs_connection", async () => {
    const { org, admin, connection } = await stack.orgWithConnection();
    const verifiedAt = new Date();
    await stack.db.update(ssoConnections).set({ verifiedAt }).where(eq(ssoConnections.id, connection.id));
    await stack.db.update(organizations).set({ ssoEnforced: true }).where(eq(organizations.id, org.id));
    const { caller } = await signedInCaller(stack.harness.api.deps, admin, "sso", connection.id);
    await expectAppCode(caller.sso.update({ connectionId: connection.id, clientId: "some-other-app" }), "sso_enforced_needs_connection");
    expect(await caller.sso.get({ connectionId: connection.id })).toMatchObject({ clientId: connection.clientId, verifiedAt });
    // Changes that keep the IdP identity (the label) remain possible.
    expect(await caller.sso.update({ connectionId: connection.id, label: "Okta (prod)" })).toMatchObject({ label: "Okta (prod)", verifiedAt });
  });

  it("reports sign-ins that never came back as abandoned", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    await (await anonymousCaller(stack.harness.api.deps)).caller.auth.startSso({ connectionId: connection.id, email: "mfa@example.com" });
    const { caller } = await signedInCaller(stack.harness.api.deps, admin);
    expect((await caller.sso.attempts({ connectionId: connection.id }))[0]).toMatchObject({ status: "pending", emailHint: "mfa@example.com" });
    const later = createAppDeps(stack.harness.api.deps.config, stack.db, { logger: pino({ level: "silent" }), now: () => new Date(Date.now() + 11 * 60_000) });
    const { caller: callerLater } = await signedInCaller(later, admin);
    expect((await callerLater.sso.attempts({ connectionId: connection.id }))[0]).toMatchObject({ status: "abandoned", adminHint: ABANDONED_HINT });
  });

  it("startSso refuses a disabled connection", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    await (await signedInCaller(stack.harness.api.deps, admin)).caller.sso.setEnabled({ connectionId: connection.id, enabled: false });
    const { caller } = await anonymousCaller(stack.harness.api.deps);
    await expectAppCode(caller.auth.startSso({ connectionId: connection.id }), "sso_connection_disabled");
    expect((await caller.auth.discover({ email: admin.email })).sso).toEqual([]);
  });

  it("enforcement: safety check, preflight, revocation of password sessions, sso_required everywhere", async () => {
    const { org, admin, connection } = await stack.orgWithConnection();
    const { caller: passwordAdmin } = await signedInCaller(stack.harness.api.deps, admin);
    expect(await passwordAdmin.sso.enforcement()).toMatchObject({ enforced: false, canEnforce: false, blockedReason: "no_verified_connection" });

    // Verify the connection with the admin's own IdP account, then sign the admin in through it.
    const adminEmail = admin.email;
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email: adminEmail, name: "Admin", password: IDP_PASSWORD });
    await runTestSignIn(stack.harness, admin, { connectionId: connection.id, email: adminEmail, password: IDP_PASSWORD });
    const member = await makeUser(stack.db, org.id);
    const invited = await createInvitedUser(stack.db, { organizationId: org.id, email: `inv-${unique()}@example.com`, displayName: null, role: "member", invitedBy: null, now: new Date() });

    const view = await passwordAdmin.sso.enforcement();
    expect(view).toMatchObject({ canEnforce: false, blockedReason: "enforce_requires_sso_session" });
    expect(view.preflight.usersWithoutSso.map((u) => u.id).sort()).toEqual([admin.id, member.id].sort());
    await expectAppCode(passwordAdmin.sso.setEnforced({ enforced: true }), "enforce_requires_sso_session");

    const memberSession = await signedInCaller(stack.harness.api.deps, member);
    const ssoAdmin = await signedInCaller(stack.harness.api.deps, admin, "sso", connection.id);
    expect(await ssoAdmin.caller.sso.enforcement()).toMatchObject({ canEnforce: true, blockedReason: null });
    expect(await ssoAdmin.caller.sso.setEnforced({ enforced: true })).toMatchObject({ enforced: true, enforcedBy: admin.id });

    expect(await (await anonymousCaller(stack.harness.api.deps, memberSession.cookies)).caller.auth.me()).toBeNull();
    expect(await (await anonymousCaller(stack.harness.api.deps, ssoAdmin.cookies)).caller.auth.me()).toMatchObject({ organization: { ssoEnforced: true } });

    // The last enabled, verified connection cannot go away while enforced: nobody could sign in.
    await expectAppCode(ssoAdmin.caller.sso.setEnabled({ connectionId: connection.id, enabled: false }), "sso_enforced_needs_connection");
    await expectAppCode(ssoAdmin.caller.sso.delete({ connectionId: connection.id }), "sso_enforced_needs_connection");
    expect(await ssoAdmin.caller.sso.get({ connectionId: connection.id })).toMatchObject({ enabled: true });

    const { caller: anonymous } = await anonymousCaller(stack.harness.api.deps);
    await expectAppCode(anonymous.auth.passwordLogin({ email: member.email, password: PASSWORD }), "sso_required");
    expect((await anonymous.auth.discover({ email: member.email })).passwordAllowed).toBe(false);
    const token = invited.token;
    expect(await anonymous.auth.invitation({ token })).toMatchObject({ passwordAllowed: false });
    await expectAppCode(anonymous.auth.acceptInvite({ token, password: "a long enough password" }), "sso_required");

    expect(await unenforceSsoBySlug(stack.db, org.slug)).toBe(true);
    const [after] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, member.id));
    expect(after?.status).toBe("active");
    expect((await anonymous.auth.discover({ email: member.email })).passwordAllowed).toBe(true);
    expect(new MemoryCookieJar().values.size).toBe(0);
  });
});
