/**
 * A user provisioned over SCIM (as Okta would) signs in through SSO without any invitation; the
 * admin generated the token on the SSO page and sees who manages the user and what the IdP sent.
 */
import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enterEmail, passwordSignIn, saveConnection, signInAtIdp, startStack, visible, type Stack } from "./stack";

const ADMIN = { email: "admin@scim.test", password: "correct-horse-admin", name: "Ada Admin" };
const PROVISIONED = { email: "pat@scim.test", name: "Pat Provisioned", idpPassword: "okta-pat-pass" };
const CLIENT = { clientId: "0oa1scimweb", clientSecret: randomBytes(24).toString("base64url") };

let stack: Stack;
let adminContext: BrowserContext;
let admin: Page;

describe("SCIM provisioning in the browser", () => {
  beforeAll(async () => {
    stack = await startStack({
      databaseUrl: inject("databaseUrl"),
      admin: ADMIN,
      idpUsers: [{ email: PROVISIONED.email, name: PROVISIONED.name, password: PROVISIONED.idpPassword }],
    });
    adminContext = await stack.newContext();
    admin = await adminContext.newPage();
    await passwordSignIn(admin, ADMIN.email, ADMIN.password);
    await admin.waitForURL("**/dashboard");
    const saved = await saveConnection(stack, adminContext, { label: "Okta", ...CLIENT, requireVerifiedEmail: true });
    expect(saved).toBe(200);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("token on the SSO page → SCIM create → SSO sign-in without invitation → managed on /users", async () => {
    await admin.goto("/integrations/sso");
    const section = admin.getByRole("region", { name: "Provisioning" });
    await visible(section);
    const baseUrl = await (await visible(section.getByTestId("scim-base-url"))).first().textContent();
    expect(baseUrl).toBe(`${stack.baseUrl}/scim/v2`);
    await section.getByRole("button", { name: "Generate token" }).click();
    const token = (await (await visible(section.getByTestId("scim-token"))).first().textContent()) ?? "";
    expect(token).toMatch(/^jams_scim_/);
    await visible(section.getByText("Provisioning is on for"));

    // What Okta does: look the user up, then create them.
    const scim = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.api.url}/scim/v2${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json", ...init.headers },
      });
    const lookup = await scim(`/Users?filter=${encodeURIComponent(`userName eq "${PROVISIONED.email}"`)}&startIndex=1&count=100`);
    expect(((await lookup.json()) as { totalResults: number }).totalResults).toBe(0);
    const created = await scim("/Users", {
      method: "POST",
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: PROVISIONED.email,
        name: { givenName: "Pat", familyName: "Provisioned" },
        emails: [{ primary: true, value: PROVISIONED.email, type: "work" }],
        displayName: PROVISIONED.name,
        active: true,
      }),
    });
    expect(created.status).toBe(201);

    // The provisioned user signs in through SSO; nobody sent an invitation.
    const userContext = await stack.newContext();
    const user = await userContext.newPage();
    await enterEmail(user, PROVISIONED.email);
    await user.getByRole("button", { name: "Continue with Okta", exact: true }).click();
    await signInAtIdp(user, stack.idp, PROVISIONED.email, PROVISIONED.idpPassword);
    await user.waitForURL("**/dashboard");
    await visible(user.getByText(PROVISIONED.name));
    await userContext.close();

    await admin.goto("/users");
    const row = admin.getByRole("row").filter({ hasText: PROVISIONED.email });
    await visible(row.getByText("Managed by Okta provisioning"));
    expect(await row.textContent()).toContain("Active");

    await admin.goto("/integrations/sso");
    const requests = admin.getByRole("region", { name: "Provisioning" }).getByRole("table");
    await visible(requests.getByText("POST /Users"));
    expect(await requests.textContent()).toContain("201");
    await stack.screenshot(admin, "sso-provisioning");
  });
});
