/** Password sign-in, invitations, user administration, rate limits and the audit trail. */
import { eq } from "drizzle-orm";
import { ssoConnections, ssoTransactions } from "@jams/db/schema";
import { createTestDatabase, testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { anonymousCaller, signedInCaller, testDeps } from "./helpers/callers";
import { testConfig } from "./helpers/config";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, makeUser, PASSWORD, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp, startHarness } from "./helpers/sso-harness";
import { withDeps, withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1] ?? "";

describe.each(testDrivers(databaseUrl))("users and password sign-in on %s", (driver) => {
  const stack = withDeps(driver);

  it("password sign-in: fresh session on success; stable codes on failure", async () => {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const { caller, cookies } = await anonymousCaller(stack.deps);
    cookies.set("jams_session", "planted");
    await caller.auth.passwordLogin({ email: ` ${admin.email.toUpperCase()} `, password: PASSWORD });
    expect(cookies.get("jams_session")).not.toBe("planted");
    const me = await (await anonymousCaller(stack.deps, cookies)).caller.auth.me();
    expect(me).toMatchObject({ user: { id: admin.id, role: "admin" }, organization: { id: org.id, ssoEnforced: false }, session: { method: "password", connectionLabel: null } });

    await expectAppCode(caller.auth.passwordLogin({ email: admin.email, password: "wrong password" }), "invalid_credentials");
    await expectAppCode(caller.auth.passwordLogin({ email: `ghost-${unique()}@example.com`, password: PASSWORD }), "invalid_credentials");
    const disabled = await makeUser(stack.db, org.id, { status: "disabled" });
    await expectAppCode(caller.auth.passwordLogin({ email: disabled.email, password: PASSWORD }), "user_disabled");
    const invited = await makeUser(stack.db, org.id, { status: "invited" });
    await expectAppCode(caller.auth.passwordLogin({ email: invited.email, password: PASSWORD }), "invalid_credentials");
  });

  it("discover answers an unknown email exactly like a password-only user", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await anonymousCaller(stack.deps);
    const known = await caller.auth.discover({ email: admin.email });
    const unknownEmail = `nobody-${unique()}@example.com`;
    const unknown = await caller.auth.discover({ email: unknownEmail });
    expect({ ...known, email: "" }).toEqual({ ...unknown, email: "" });
    expect(unknown).toEqual({ email: unknownEmail, sso: [], passwordAllowed: true });
    // An invited user who has no password yet must not stand out either.
    const invited = await makeUser(stack.db, admin.organizationId, { status: "invited" });
    expect({ ...(await caller.auth.discover({ email: invited.email })), email: "" }).toEqual({ ...unknown, email: "" });
  });

  it("logout ends a password session (no IdP URL)", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller, cookies } = await signedInCaller(stack.deps, admin);
    expect(await caller.auth.logout()).toEqual({ endSessionUrl: null });
    const { caller: after } = await anonymousCaller(stack.deps, cookies);
    expect(await after.auth.me()).toBeNull();
    expect(await after.auth.logout()).toEqual({ endSessionUrl: null });
  });

  it("invite → invitation → accept with a password signs in; resend invalidates the old link", async () => {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.deps, admin);
    const email = `New-${unique()}@Example.com`;
    const invited = await caller.users.invite({ email, name: "New Person", role: "member" });
    expect(invited.inviteUrl).toMatch(new RegExp(`^${stack.deps.config.publicUrl}/invite/[\\w-]{43}$`));
    await expectAppCode(caller.users.invite({ email: email.toLowerCase(), role: "member" }), "email_taken");

    const resent = await caller.users.resendInvite({ userId: invited.userId });
    const { caller: anonymous, cookies } = await anonymousCaller(stack.deps);
    await expectAppCode(anonymous.auth.invitation({ token: tokenOf(invited.inviteUrl) }), "invitation_invalid");
    const token = tokenOf(resent.inviteUrl);
    expect(await anonymous.auth.invitation({ token })).toEqual({
      organizationName: expect.any(String) as string,
      email: email.toLowerCase(),
      passwordAllowed: true,
      passwordRequired: true,
      sso: [],
    });
    await expectAppCode(anonymous.auth.acceptInvite({ token, password: "short" }), "invalid_input");
    expect(await anonymous.auth.acceptInvite({ token, password: "a long enough password" })).toEqual({ signedIn: true, sso: [] });
    expect(await (await anonymousCaller(stack.deps, cookies)).caller.auth.me()).toMatchObject({ user: { id: invited.userId }, organization: { id: org.id } });
    await expectAppCode(anonymous.auth.acceptInvite({ token, password: "a long enough password" }), "invitation_invalid");

    const list = await caller.users.list();
    expect(list.find((u) => u.id === invited.userId)).toMatchObject({ status: "active", hasPassword: true, displayName: "New Person" });
  });

  it("never leaves an organisation without an active admin (last_admin)", async () => {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.deps, admin);
    await expectAppCode(caller.users.setRole({ userId: admin.id, role: "member" }), "last_admin");
    await expectAppCode(caller.users.disable({ userId: admin.id }), "last_admin");
    await expectAppCode(caller.users.remove({ userId: admin.id }), "last_admin");
    const second = await makeUser(stack.db, org.id, { role: "admin" });
    await caller.users.setRole({ userId: admin.id, role: "member" });
    const { caller: secondCaller } = await signedInCaller(stack.deps, second);
    await expectAppCode(secondCaller.users.disable({ userId: second.id }), "last_admin");
  });

  it("disabling revokes sessions; removing deletes; other orgs' users are not_found", async () => {
    const a = await makeOrgWithAdmin(stack.db);
    const b = await makeOrgWithAdmin(stack.db);
    const member = await makeUser(stack.db, a.org.id);
    const memberSession = await signedInCaller(stack.deps, member);
    const { caller: adminB } = await signedInCaller(stack.deps, b.admin);
    for (const call of [
      () => adminB.users.disable({ userId: member.id }),
      () => adminB.users.remove({ userId: member.id }),
      () => adminB.users.setRole({ userId: member.id, role: "admin" }),
      () => adminB.users.resendInvite({ userId: member.id }),
      () => adminB.users.unlinkSso({ userId: member.id }),
    ]) {
      await expectAppCode(call(), "not_found");
    }
    expect((await adminB.users.list()).map((u) => u.id)).toEqual([b.admin.id]);

    const { caller: adminA } = await signedInCaller(stack.deps, a.admin);
    expect(await adminA.users.unlinkSso({ userId: member.id })).toEqual({ unlinked: 0 });
    await adminA.users.disable({ userId: member.id });
    expect(await (await anonymousCaller(stack.deps, memberSession.cookies)).caller.auth.me()).toBeNull();
    await adminA.users.remove({ userId: member.id });
    expect((await adminA.users.list()).map((u) => u.id)).toEqual([a.admin.id]);
    await expectAppCode(memberSession.caller.users.list(), "forbidden");
  });

  it("unlinkSso with another organisation's connectionId is not_found and writes nothing", async () => {
    const a = await makeOrgWithAdmin(stack.db);
    const b = await makeOrgWithAdmin(stack.db);
    const [foreign] = await stack.db
      .insert(ssoConnections)
      .values({ organizationId: b.org.id, label: "B", issuer: "https://b.example", clientId: "b", clientSecretEncrypted: "sealed", clientSecretLast4: "xxxx" })
      .returning({ id: ssoConnections.id });
    const { caller: adminA } = await signedInCaller(stack.deps, a.admin);
    await expectAppCode(adminA.users.unlinkSso({ userId: a.admin.id, connectionId: foreign?.id ?? "" }), "not_found");
    expect((await adminA.audit.list({})).events.map((e) => e.action)).not.toContain("user.sso_unlinked");
  });

  it("rate limits discover per IP (never per email), shared through the database", async () => {
    const limited = testDeps(stack.database, testConfig({ rateLimits: { discoverPerIp: 5 } }));
    const email = `limited-${unique()}@example.com`;
    // Many addresses asking for one email: nobody is refused (a per-email limit would lock its owner out).
    for (let i = 0; i < 8; i++) await (await anonymousCaller(limited)).caller.auth.discover({ email });
    const ip = "10.99.0.1";
    for (let i = 0; i < 5; i++) await (await anonymousCaller(limited, undefined, ip)).caller.auth.discover({ email: `ip-${unique()}@example.com` });
    // A different "instance" (fresh deps, same database) sees the same per-IP counter.
    const otherInstance = testDeps(stack.database, testConfig({ rateLimits: { discoverPerIp: 5 } }));
    await expectAppCode((await anonymousCaller(otherInstance, undefined, ip)).caller.auth.discover({ email }), "rate_limited");
  });

  it("audit.list pages through configuration, invitation and sign-in events without secrets", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const { caller } = await signedInCaller(stack.deps, admin);
    for (let i = 0; i < 3; i++) await caller.users.invite({ email: `audit-${unique()}@example.com`, role: "member" });
    await (await anonymousCaller(stack.deps)).caller.auth.passwordLogin({ email: admin.email, password: PASSWORD });
    await expectAppCode((await anonymousCaller(stack.deps)).caller.auth.passwordLogin({ email: admin.email, password: "nope nope" }), "invalid_credentials");
    const first = await caller.audit.list({ limit: 3 });
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.audit.list({ limit: 3, cursor: first.nextCursor ?? undefined });
    const actions = [...first.events, ...second.events].map((e) => e.action);
    expect(actions).toEqual(["auth.sign_in_failed", "auth.sign_in", "user.invited", "user.invited", "user.invited"]);
    expect(new Set([...first.events, ...second.events].map((e) => e.id)).size).toBe(5);
  });
});

describe.each(testDrivers(databaseUrl))("HTTP rate limit on raw routes on %s", (driver) => {
  const stack = withHarness(driver, { rateLimits: { callbackPerIp: 2 } });

  it("the SSO callback is limited per IP with the PostgreSQL-backed store", async () => {
    const { harness } = stack;
    const browser = harness.browser();
    const statuses: number[] = [];
    // With TRUST_PROXY off, a forged X-Forwarded-For must not mint a fresh per-IP bucket.
    for (let i = 0; i < 3; i++) {
      const res = await browser.fetch("/auth/sso/callback?state=abcdefghijk&code=x", { headers: { "x-forwarded-for": `203.0.113.${i + 1}` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([303, 303, 429]);
    const limited = await browser.fetch("/auth/sso/callback?state=abcdefghijk&code=x");
    expect(((await limited.json()) as { error: { data: { appCode: string } } }).error.data.appCode).toBe("rate_limited");
  });

  it("a rate-limited callback consumes nothing: the flow completes once the window allows", async () => {
    const database = await createTestDatabase(driver, databaseUrl);
    let now = Date.now();
    const harness = await startHarness(database, { rateLimits: { callbackPerIp: 1 } });
    harness.api.deps.now = () => new Date(now);
    try {
      const { admin } = await makeOrgWithAdmin(database.db);
      const connection = await connectOrgToIdp(harness, admin);
      const user = await makeUser(database.db, admin.organizationId);
      harness.idp.addUser({ email: user.email, name: "Limited", password: "idp password 9" });
      const browser = harness.browser();
      const callbackUrl = await signInAtIdp(harness, browser, { connectionId: connection.id, email: user.email, password: "idp password 9" });
      expect((await browser.fetch("/auth/sso/callback?state=abcdefghijk&code=x")).status).toBe(303);
      const limited = await deliverCallback(browser, callbackUrl);
      expect(limited.status).toBe(429);
      expect(Number(limited.response.headers.get("retry-after"))).toBeGreaterThan(0);
      const pending = await database.db.select({ state: ssoTransactions.stateHash }).from(ssoTransactions).where(eq(ssoTransactions.connectionId, connection.id));
      expect(pending).toHaveLength(1);
      now += testConfig().rateLimits.windowMs + 1;
      expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    } finally {
      await harness.close();
      await database.close();
    }
  });
});
