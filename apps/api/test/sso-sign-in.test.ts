/** The identifier-first SSO sign-in over real HTTP, against the in-process dev IdP. */
import { eq } from "drizzle-orm";
import { ssoSignInAttempts, users } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { signInWithoutBrowser } from "@jams/dev-idp/testing";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createInvitedUser } from "../src/domain/users/create-invitation";
import { makeOrgWithAdmin, makeUser, unique } from "./helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp } from "./helpers/sso-harness";
import { withHarness } from "./helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 1";

describe.each(testDrivers(databaseUrl))("SSO sign-in over HTTP on %s", (driver) => {
  const stack = withHarness(driver);
  let orgA: Awaited<ReturnType<typeof makeOrgWithAdmin>>;
  let connectionId: string;

  beforeAll(async () => {
    orgA = await makeOrgWithAdmin(stack.db);
    connectionId = (await connectOrgToIdp(stack.harness, orgA.admin)).id;
  });

  /** An org-A member who also exists at the IdP (with the given IdP-side spelling of the email). */
  async function provisioned(options: { idpEmail?: (email: string) => string; status?: "invited" | "active" } = {}) {
    const email = `ada-${unique()}@example.com`;
    const user =
      options.status === "invited"
        ? { id: (await createInvitedUser(stack.db, { organizationId: orgA.org.id, email, displayName: null, role: "member", invitedBy: null, now: new Date() })).userId, email }
        : await makeUser(stack.db, orgA.org.id, { email });
    const idpUser = stack.harness.idp.addUser({ sub: `sub-${unique()}`, email: options.idpEmail?.(email) ?? email, name: "Ada Lovelace", password: IDP_PASSWORD });
    return { user, email, idpUser };
  }

  it("discover → startSso → IdP form → callback → session; auth.me says sso", async () => {
    const { email } = await provisioned();
    const browser = stack.harness.browser();
    const discovered = await browser.mutation<{ sso: { connectionId: string; label: string }[]; passwordAllowed: boolean }>("auth.discover", { email: `  ${email.toUpperCase()} ` });
    expect(discovered.data).toEqual({ email, sso: [{ connectionId, label: "Okta" }], passwordAllowed: true });

    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD, returnTo: "/reports?x=1" });
    const callback = await deliverCallback(browser, callbackUrl);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe("/reports?x=1");
    expect(callback.response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(callback.response.headers.get("cache-control")).toBe("no-store");

    const me = await browser.query<{ user: { email: string }; session: { method: string; connectionLabel: string } }>("auth.me");
    expect(me.data?.user.email).toBe(email);
    expect(me.data?.session).toMatchObject({ method: "sso", connectionLabel: "Okta" });
  });

  it("matches the IdP's email case-insensitively (Ada@Example.COM)", async () => {
    const { email } = await provisioned({ idpEmail: (e) => e.replace("ada-", "Ada-").replace("example.com", "Example.COM") });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    expect((await browser.query<{ user: { email: string } }>("auth.me")).data?.user.email).toBe(email);
  });

  it("an invited user's first SSO sign-in activates them", async () => {
    const { user, email } = await provisioned({ status: "invited" });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    const [row] = await stack.db.select({ status: users.status, lastSignInMethod: users.lastSignInMethod }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ status: "active", lastSignInMethod: "sso" });
  });

  it("an IdP user with no JAMS account gets user_not_provisioned and no session", async () => {
    const email = `stranger-${unique()}@example.com`;
    stack.harness.idp.addUser({ email, name: "Stranger", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=user_not_provisioned");
    expect((await browser.query("auth.me")).data).toBeNull();
  });

  it("an unassigned IdP user is sso_idp_rejected and the attempt keeps idpError access_denied", async () => {
    const email = `unassigned-${unique()}@example.com`;
    await makeUser(stack.db, orgA.org.id, { email });
    stack.harness.idp.addUser({ email, name: "Unassigned", password: IDP_PASSWORD, assigned: false });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=sso_idp_rejected");
    const [attempt] = await stack.db
      .select({ outcome: ssoSignInAttempts.outcome, code: ssoSignInAttempts.code, idpError: ssoSignInAttempts.idpError })
      .from(ssoSignInAttempts)
      .where(eq(ssoSignInAttempts.emailHint, email));
    expect(attempt).toEqual({ outcome: "failed", code: "sso_idp_rejected", idpError: "access_denied" });
  });

  it("a replayed callback is sso_state_invalid", async () => {
    const { email } = await provisioned();
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=sso_state_invalid");
  });

  it("a callback delivered to a different browser is sso_browser_mismatch", async () => {
    const { email } = await provisioned();
    const callbackUrl = await signInAtIdp(stack.harness, stack.harness.browser(), { connectionId, email, password: IDP_PASSWORD });
    const otherBrowser = stack.harness.browser();
    expect((await deliverCallback(otherBrowser, callbackUrl)).location).toBe("/login?error=sso_browser_mismatch");
    expect((await otherBrowser.query("auth.me")).data).toBeNull();
  });

  it("malformed callback queries are refused with a clear code", async () => {
    const browser = stack.harness.browser();
    for (const query of ["", "?code=abc", "?state=a&state=b&code=c", `?state=${"x".repeat(5000)}&code=c`, "?state[]=abcdefgh&code=c"]) {
      const res = await browser.fetch(`/auth/sso/callback${query}`);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/login?error=sso_state_invalid");
    }
  });

  it("never reuses a session cookie the browser already had", async () => {
    const { email } = await provisioned();
    const browser = stack.harness.browser();
    browser.cookies.set("jams_session", "attacker-planted-value");
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    await deliverCallback(browser, callbackUrl);
    expect(browser.cookies.get("jams_session")).not.toBe("attacker-planted-value");
    expect((await browser.query<{ session: { method: string } }>("auth.me")).data?.session.method).toBe("sso");
  });

  it("keeps returnTo on this origin", async () => {
    const { email } = await provisioned();
    for (const [returnTo, expected] of [
      ["//evil.example/x", "/dashboard"],
      ["/\\evil.example", "/dashboard"],
      ["https://evil.example/", "/dashboard"],
      ["javascript:alert(1)", "/dashboard"],
      // Dot segments that the URL parser normalises into "//evil.example".
      ["/..//evil.example/x", "/dashboard"],
      ["/settings/profile#top", "/settings/profile#top"],
    ] as const) {
      const browser = stack.harness.browser();
      const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD, returnTo });
      expect((await deliverCallback(browser, callbackUrl)).location).toBe(expected);
    }
  });

  it("refuses a sub that disagrees with the stored binding (sso_identity_conflict)", async () => {
    const { email, idpUser } = await provisioned();
    const browser = stack.harness.browser();
    await deliverCallback(browser, await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD }));
    // The IdP account is recreated: same email, new subject.
    stack.harness.idp.setUsers([{ ...idpUser, sub: `recreated-${unique()}` }]);
    const again = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, again, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(again, callbackUrl)).location).toBe("/login?error=sso_identity_conflict");
  });

  it("logout ends the session and returns the IdP end-session URL", async () => {
    const { email } = await provisioned();
    const browser = stack.harness.browser();
    await deliverCallback(browser, await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD }));
    const out = await browser.mutation<{ endSessionUrl: string | null }>("auth.logout");
    const url = new URL(out.data?.endSessionUrl ?? "");
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(`${stack.harness.publicUrl}/login`);
    expect(url.searchParams.get("id_token_hint")).toBeTruthy();
    expect((await browser.query("auth.me")).data).toBeNull();
  });

  it("a sign-in started on instance A completes on instance B (shared database only)", async () => {
    const { email } = await provisioned();
    const { startApiServer } = await import("../src/app");
    const { pino } = await import("pino");
    const instanceB = await startApiServer({ config: { ...stack.harness.api.deps.config, port: 0 }, database: stack.database, logger: pino({ level: "silent" }) });
    try {
      const onA = stack.harness.browser(stack.harness.api.url);
      const callbackUrl = await signInAtIdp(stack.harness, onA, { connectionId, email, password: IDP_PASSWORD });
      const onB = stack.harness.browser(instanceB.url);
      for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
      expect((await deliverCallback(onB, callbackUrl)).location).toBe("/dashboard");
      expect((await onB.query<{ user: { email: string } }>("auth.me")).data?.user.email).toBe(email);
    } finally {
      await instanceB.close();
    }
  });

  it("refuses a disabled user (user_disabled) and an expired transaction (sso_state_invalid)", async () => {
    const { user, email } = await provisioned();
    await stack.db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    const browser = stack.harness.browser();
    expect((await deliverCallback(browser, await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD }))).location).toBe("/login?error=user_disabled");

    const active = await provisioned();
    const { startApiServer } = await import("../src/app");
    const { pino } = await import("pino");
    const later = await startApiServer({ config: { ...stack.harness.api.deps.config, port: 0 }, database: stack.database, logger: pino({ level: "silent" }), now: () => new Date(Date.now() + 11 * 60_000) });
    try {
      const onA = stack.harness.browser();
      const callbackUrl = await signInAtIdp(stack.harness, onA, { connectionId, email: active.email, password: IDP_PASSWORD });
      const onLater = stack.harness.browser(later.url);
      for (const [name, value] of onA.cookies) onLater.cookies.set(name, value);
      expect((await deliverCallback(onLater, callbackUrl)).location).toBe("/login?error=sso_state_invalid");
    } finally {
      await later.close();
    }
  });

  it("isolates organisations: org B's IdP asserting org A's email is user_not_provisioned", async () => {
    const { email } = await provisioned();
    const orgB = await makeOrgWithAdmin(stack.db);
    const orgBConnection = await connectOrgToIdp(stack.harness, orgB.admin, { label: "Org B Okta" });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId: orgBConnection.id, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=user_not_provisioned");
  });

  it("rejects tRPC mutations without the right Origin or content type (csrf_rejected)", async () => {
    const browser = stack.harness.browser();
    const email = `csrf-${unique()}@example.com`;
    expect((await browser.mutation("auth.discover", { email }, { origin: "https://evil.example" })).appCode).toBe("csrf_rejected");
    const formPost = await browser.fetch("/trpc/auth.discover", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: stack.harness.publicUrl },
      body: JSON.stringify({ email }),
    });
    expect(formPost.status).toBe(403);
    const noOrigin = await browser.fetch("/trpc/auth.discover", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
    expect(noOrigin.status).toBe(403);
    expect((await browser.mutation("auth.discover", { email })).status).toBe(200);
  });

  it("redirects the IdP back to the exact registered Redirect URI", async () => {
    const { caller } = await (await import("./helpers/callers")).signedInCaller(stack.harness.api.deps, orgA.admin);
    expect(await caller.sso.redirectUri()).toEqual({ redirectUri: stack.harness.redirectUri });
    // And the IdP refuses anything else, which is what sso_idp_rejected diagnoses.
    const browser = stack.harness.browser();
    const started = await browser.mutation<{ redirectUrl: string }>("auth.startSso", { connectionId });
    const tampered = new URL(started.data?.redirectUrl ?? "");
    tampered.searchParams.set("redirect_uri", `${stack.harness.publicUrl}/elsewhere`);
    await expect(signInWithoutBrowser({ authorizationUrl: tampered.href, email: "x@example.com", password: "x", redirectUri: stack.harness.redirectUri })).rejects.toThrow();
  });
});
