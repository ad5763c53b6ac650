/**
 * Check-then-write races, made deterministic: the concurrent request's write is interleaved
 * exactly between a domain function's check and the write that relies on it.
 */
import { eq } from "drizzle-orm";
import { organizations, ssoConnections, users } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { describe, expect, inject, it } from "vitest";
import { completeSsoCallback } from "../src/domain/sso/complete-callback";
import { createInvitedUser } from "../src/domain/users/create-invitation";
import { anonymousCaller, MemoryCookieJar, signedInCaller } from "./helpers/callers";
import { expectAppCode } from "./helpers/errors";
import { makeOrgWithAdmin, unique } from "./helpers/factories";
import { interleaveBeforeFirstBinding, interleaveBeforeTransaction } from "./helpers/racing-db";
import { deliverCallback, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 4";
const tokenOf = (inviteUrl: string) => inviteUrl.split("/invite/")[1] ?? "";

describe.each(testDrivers(databaseUrl))("races on %s", (driver) => {
  const stack = withHarness(driver);

  it("the same callback delivered concurrently signs in exactly once", async () => {
    const { admin, connection } = await stack.orgWithConnection();
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
    const { org, admin, connection } = await stack.orgWithConnection();
    await stack.db.update(ssoConnections).set({ verifiedAt: new Date() }).where(eq(ssoConnections.id, connection.id));
    // Another admin's setEnabled(false) commits after the safety check has looked, before the flip.
    const db = interleaveBeforeTransaction(stack.db, () => stack.db.update(ssoConnections).set({ enabled: false }).where(eq(ssoConnections.id, connection.id)));
    const { caller } = await signedInCaller({ ...stack.harness.api.deps, db }, admin, "sso", connection.id);
    await expectAppCode(caller.sso.setEnforced({ enforced: true }), "no_verified_connection");
    const [row] = await stack.db.select({ enforced: organizations.ssoEnforced }).from(organizations).where(eq(organizations.id, org.id));
    expect(row?.enforced).toBe(false);
  });

  it("an invited user disabled mid-callback stays disabled and gets no session cookie", async () => {
    const { admin, connection } = await stack.orgWithConnection();
    const email = `midway-${unique()}@example.com`;
    const { userId } = await createInvitedUser(stack.db, { organizationId: admin.organizationId, email, displayName: null, role: "member", invitedBy: null, now: new Date() });
    stack.harness.idp.addUser({ sub: `sub-${unique()}`, email, name: "Mid Way", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: connection.id, email, password: IDP_PASSWORD });
    // The admin's disable lands after the user lookup, just as the (connection, sub) binding is written.
    const racing = interleaveBeforeFirstBinding(stack.db, () => stack.db.update(users).set({ status: "disabled" }).where(eq(users.id, userId)));
    const cookies = new MemoryCookieJar();
    for (const [name, value] of browser.cookies) cookies.set(name, value);
    const outcome = await completeSsoCallback({ ...stack.harness.api.deps, db: racing.db }, { rawQuery: callbackUrl.search.slice(1), cookies, meta: { ip: "10.9.9.9", userAgent: null } });
    expect(racing.fired()).toBe(true);
    expect(outcome.location).toBe("/login?error=user_disabled");
    expect(cookies.get("jams_session")).toBeUndefined();
    const [row] = await stack.db.select({ status: users.status }).from(users).where(eq(users.id, userId));
    expect(row?.status).toBe("disabled");
  });
});
