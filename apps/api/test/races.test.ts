/**
 * Check-then-write races, made deterministic: the concurrent request's write is interleaved
 * exactly between a domain function's check and the write that relies on it.
 */
import { eq, sql } from "drizzle-orm";
import { organizations, sessions, ssoConnections, ssoIdentities, ssoSignInAttempts, users } from "@jams/db/schema";
import { executeOnce } from "@jams/db/prepared";
import { testDrivers } from "@jams/db/testing";
import type { Transaction } from "@jams/db/client";
import { describe, expect, inject, it } from "vitest";
import { completeSsoCallback } from "../src/domain/sso/complete-callback";
import { createInvitedUser } from "../src/domain/users/create-invitation";
import { anonymousCaller, MemoryCookieJar, signedInCaller } from "./helpers/callers";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, unique } from "./helpers/factories";
import { interleaveBeforePrepared, interleaveBeforeTransaction } from "./helpers/racing-db";
import { connectOrgToIdp, deliverCallback, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 4";
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1] ?? "";

describe.each(testDrivers(databaseUrl))("races on %s", (driver) => {
  const stack = withHarness(driver);

  it("the same callback delivered concurrently signs in exactly once", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    const email = `twice-${unique()}@example.com`;
    await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Twice", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: connection.id, email, password: IDP_PASSWORD });
    const locations = (await Promise.all([1, 2, 3].map(() => deliverCallback(browser, callbackUrl)))).map((r) => r.location);
    expect(locations.filter((location) => location === "/dashboard")).toHaveLength(1);
    expect(locations.filter((location) => location === "/login?error=sso_state_invalid")).toHaveLength(2);
  });

  it("an invitation accepted while an admin disables the user does not re-enable them", async () => {
    const { deps } = stack.harness.api;
    const { admin } = await makeOrgWithAdmin(stack.db);
    const invited = await (await signedInCaller(deps, admin)).caller.users.invite({ email: `race-${unique()}@example.com`, role: "member" });
    // The admin's disable lands between loading the invitation (and hashing the password) and the write.
    const db = interleaveBeforeTransaction(stack.db, () => stack.db.update(users).set({ status: "disabled" }).where(eq(users.id, invited.userId)));
    const { caller, cookies } = await anonymousCaller({ ...deps, db });
    await expectAppCode(caller.auth.acceptInvite({ token: tokenOf(invited.inviteUrl), password: "a long enough password" }), "invitation_invalid");
    const [row] = await stack.db.select({ status: users.status, passwordHash: users.passwordHash }).from(users).where(eq(users.id, invited.userId));
    expect(row).toEqual({ status: "disabled", passwordHash: null });
    expect(cookies.values.size).toBe(0);
  });

  it("a password session never authenticates while the organisation enforces SSO", async () => {
    const { deps } = stack.harness.api;
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    // As if a password sign-in passed its sso_required check just before enforcement committed.
    const raced = await signedInCaller(deps, admin, "password");
    const ssoSession = await signedInCaller(deps, admin, "sso");
    await stack.db.update(organizations).set({ ssoEnforced: true }).where(eq(organizations.id, org.id));
    expect(await (await anonymousCaller(deps, raced.cookies)).caller.auth.me()).toBeNull();
    await expectAppCode((await anonymousCaller(deps, raced.cookies)).caller.users.list(), "unauthenticated");
    expect(await (await anonymousCaller(deps, ssoSession.cookies)).caller.auth.me()).toMatchObject({ user: { id: admin.id } });
  });

  it("setEnforced re-checks under the lock: a connection disabled concurrently blocks enforcement", async () => {
    const { org, admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    await stack.db.update(ssoConnections).set({ verifiedAt: new Date() }).where(eq(ssoConnections.id, connection.id));
    // Another admin's setEnabled(false) commits after the safety check has looked, before the flip.
    const db = interleaveBeforeTransaction(stack.db, () => stack.db.update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.id, connection.id)));
    const { caller } = await signedInCaller({ ...stack.harness.api.deps, db }, admin, "sso", connection.id);
    await expectAppCode(caller.sso.setEnforced({ enforced: true }), "no_verified_connection");
    const [row] = await stack.db.select({ enforced: organizations.ssoEnforced }).from(organizations).where(eq(organizations.id, org.id));
    expect(row?.enforced).toBe(false);
  });

  it("an invited user disabled mid-callback stays disabled and gets no session cookie", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    const email = `midway-${unique()}@example.com`;
    const { userId } = await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Mid Way", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: connection.id, email, password: IDP_PASSWORD });
    // The admin's disable lands after the token exchange, just as the one sign-in statement
    // (match, binding, activation) is sent.
    const racing = interleaveBeforePrepared(stack.db, "sso_finish_sign_in", () => stack.db.update(users).set({ status: "disabled" }).where(eq(users.id, userId)));
    const cookies = new MemoryCookieJar();
    for (const [name, value] of browser.cookies) cookies.set(name, value);
    const outcome = await completeSsoCallback({ ...stack.harness.api.deps, db: racing.db }, { rawQuery: callbackUrl.search.slice(1), cookies, meta: { ip: "10.9.9.9", userAgent: null } });
    expect(racing.fired()).toBe(true);
    expect(outcome.location).toBe("/login?error=user_disabled");
    expect(cookies.get("jams_session")).toBeUndefined();
    const [row] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, userId));
    expect(row?.status).toBe("disabled");
  });

  // PostgreSQL only (PGlite has one connection, so a held row lock would block the test itself):
  // another request's write is held uncommitted while the one sign-in statement runs into it.
  async function callbackWhileHeld(email: string, connectionId: string, hold: (tx: Transaction) => Promise<unknown>) {
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Lock Step", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    const cookies = new MemoryCookieJar();
    for (const [name, value] of browser.cookies) cookies.set(name, value);
    const started: { pending?: ReturnType<typeof completeSsoCallback> } = {};
    await stack.db.transaction(async (tx) => {
      await hold(tx);
      started.pending = completeSsoCallback(stack.harness.api.deps, { rawQuery: callbackUrl.search.slice(1), cookies, meta: { ip: "10.9.9.8", userAgent: null } });
      // Commit only once the statement waits on the held row or index entry.
      await expect
        .poll(async () => {
          const [waiting] = await executeOnce<{ n: number }>(
            stack.db,
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
            {},
          );
          return waiting?.n;
        }, { timeout: 5_000 })
        .toBe(1);
    });
    if (!started.pending) throw new Error("callback not started");
    return { outcome: await started.pending, cookies };
  }

  const signInsOf = async (userId: string) => ({
    sessions: (await stack.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).length,
    bindings: (await stack.db.select({ id: ssoIdentities.id }).from(ssoIdentities).where(eq(ssoIdentities.userId, userId))).length,
    status: (await stack.db.select({ status: users.status }).from(users).where(eq(users.id, userId)))[0]?.status,
  });

  it.runIf(driver === "postgres")("a disable committed while the sign-in statement waits for the user row wins", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    const email = `locked-${unique()}@example.com`;
    const { userId } = await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    // The statement's snapshot still sees the user invited; its UPDATE of the row waits.
    const { outcome, cookies } = await callbackWhileHeld(email, connection.id, (tx) => tx.update(users).set({ status: "disabled" }).where(eq(users.id, userId)));
    expect(outcome.location).toBe("/login?error=user_disabled");
    expect(cookies.get("jams_session")).toBeUndefined();
    expect((await signInsOf(userId)).status).toBe("disabled");
  });

  it.runIf(driver === "postgres")("two first sign-ins of one (connection, sub): the unique index decides, the loser writes nothing", async () => {
    const { admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    const email = `twice-${unique()}@example.com`;
    const { userId } = await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    const subject = stack.harness.idp.addUser({ email: `other-${email}`, name: "Other", password: IDP_PASSWORD }).sub;
    // The winner binds this user to another sub of the same connection, not yet committed.
    const { outcome, cookies } = await callbackWhileHeld(email, connection.id, (tx) =>
      tx.insert(ssoIdentities).values({ connectionId: connection.id, subject, userId }),
    );
    expect(outcome.location).toBe("/login?error=sso_identity_conflict");
    expect(cookies.get("jams_session")).toBeUndefined();
    expect(await signInsOf(userId)).toEqual({ sessions: 0, bindings: 1, status: "invited" });
  });

  it.runIf(driver === "postgres")("an invitation activated elsewhere while the statement runs is sso_email_claimed, with nothing left behind", async () => {
    const email = `claimed-${unique()}@example.com`;
    const other = await makeOrgWithAdmin(stack.db);
    const elsewhere = await createInvitedUser(stack.db, { organizationId: other.org.id, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    const { admin } = await makeOrgWithAdmin(stack.db);
    const connection = await connectOrgToIdp(stack.harness, admin);
    const { userId } = await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    // The match sees the other invitation still open; the activation then meets
    // users_email_lower_unique and the whole statement, binding included, rolls back.
    const { outcome, cookies } = await callbackWhileHeld(email, connection.id, (tx) => tx.update(users).set({ status: "active" }).where(eq(users.id, elsewhere.userId)));
    expect(outcome.location).toBe("/login?error=sso_email_claimed");
    expect(cookies.get("jams_session")).toBeUndefined();
    expect(await signInsOf(userId)).toEqual({ sessions: 0, bindings: 0, status: "invited" });
    const attempts = await stack.db.select({ outcome: ssoSignInAttempts.outcome, code: ssoSignInAttempts.code }).from(ssoSignInAttempts).where(eq(ssoSignInAttempts.connectionId, connection.id));
    expect(attempts).toEqual([{ outcome: "failed", code: "sso_email_claimed" }]);
  });
});
