/** Finding 5 (over-long `sub`) and finding 7 (a browser binding the client chose), over HTTP. */
import { eq } from "drizzle-orm";
import { sessions, ssoIdentities } from "@jams/db/schema";
import { testDrivers } from "@jams/db/testing";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { makeOrgWithAdmin, makeUser, unique } from "../helpers/factories";
import { connectOrgToIdp, deliverCallback, signInAtIdp } from "../helpers/sso-harness";
import { withHarness } from "../helpers/with-harness";

const databaseUrl = inject("databaseUrl") || undefined;
const IDP_PASSWORD = "idp password 9";

describe.each(testDrivers(databaseUrl))("SSO hardening over HTTP on %s", (driver) => {
  const stack = withHarness(driver);
  let org: Awaited<ReturnType<typeof makeOrgWithAdmin>>;
  let connectionId: string;

  beforeAll(async () => {
    org = await makeOrgWithAdmin(stack.db);
    connectionId = (await connectOrgToIdp(stack.harness, org.admin)).id;
  });

  // The dev IdP (oidc-provider) cannot issue an empty sub; packages/oidc/test/id-token.test.ts
  // covers that against its fake provider.
  it("refuses an ID token with an over-long sub: no session, nothing bound", async () => {
    const sub = "s".repeat(256);
    const email = `sub-${unique()}@example.com`;
    const user = await makeUser(stack.db, org.org.id, { email });
    stack.harness.idp.addUser({ sub, email, name: "Sub Test", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/login?error=sso_token_invalid");
    expect((await browser.query("auth.me")).data).toBeNull();
    expect(await stack.db.select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id))).toEqual([]);
    expect(await stack.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("accepts a 255-character sub (the OpenID Connect maximum)", async () => {
    const email = `sub-${unique()}@example.com`;
    await makeUser(stack.db, org.org.id, { email });
    stack.harness.idp.addUser({ sub: `u${"x".repeat(254)}`, email, name: "Long Sub", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const callbackUrl = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect((await deliverCallback(browser, callbackUrl)).location).toBe("/dashboard");
  });

  it("never adopts a binding cookie the client chose: a planted value cannot share a sign-in", async () => {
    const planted = "A".repeat(43);
    const attackerEmail = `attacker-${unique()}@example.com`;
    await makeUser(stack.db, org.org.id, { email: attackerEmail });
    stack.harness.idp.addUser({ email: attackerEmail, name: "Attacker", password: IDP_PASSWORD });

    const attacker = stack.harness.browser();
    attacker.cookies.set("jams_sso", planted);
    const callbackUrl = await signInAtIdp(stack.harness, attacker, { connectionId, email: attackerEmail, password: IDP_PASSWORD });
    expect(attacker.cookies.get("jams_sso")).not.toBe(planted);

    const victim = stack.harness.browser();
    victim.cookies.set("jams_sso", planted);
    expect((await deliverCallback(victim, callbackUrl)).location).toBe("/login?error=sso_browser_mismatch");
    expect((await victim.query("auth.me")).data).toBeNull();
  });

  it("keeps a binding the server issued, so two sign-in tabs in one browser both complete", async () => {
    const email = `tabs-${unique()}@example.com`;
    await makeUser(stack.db, org.org.id, { email });
    stack.harness.idp.addUser({ email, name: "Two Tabs", password: IDP_PASSWORD });
    const browser = stack.harness.browser();
    const first = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    const issued = browser.cookies.get("jams_sso");
    const second = await signInAtIdp(stack.harness, browser, { connectionId, email, password: IDP_PASSWORD });
    expect(browser.cookies.get("jams_sso")).toBe(issued);
    expect((await deliverCallback(browser, first)).location).toBe("/dashboard");
    expect((await deliverCallback(browser, second)).location).toBe("/dashboard");
  });
});
