/**
 * The customer Okta setup guide (shared/seed/okta-setup-guide.txt), followed word for word in a
 * real browser against the real API, database and an Okta-like IdP.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeSeriousViolations, enterEmail, passwordSignIn, signInAtIdp, startStack, visible, type Stack } from "./stack";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const ADMIN = { email: "admin@acme.test", password: "correct-horse-admin", name: "Ada Admin", idpPassword: "okta-ada-pass" };
const MEMBER = { email: "mia@acme.test", name: "Mia Member", idpPassword: "okta-mia-pass" };
const PASSWORD_USER = { email: "paul@acme.test", name: "Paul Password", password: "paul-password-123" };
const UNASSIGNED = { email: "una@acme.test", name: "Una Unassigned", idpPassword: "okta-una-pass" };
// In JAMS IMES as j.doe@, at the IdP as jane.doe@: the guide's "typo or alias" gotcha.
const ALIAS = { jamsEmail: "j.doe@acme.test", idpEmail: "jane.doe@acme.test", idpPassword: "okta-jane-pass" };

const CLIENT = { clientId: "0oa1jamsimesweb", clientSecret: randomBytes(24).toString("base64url") };

let stack: Stack;
let adminContext: BrowserContext;
let admin: Page;
let redirectUri = "";
let connectionId = "";
const inviteUrls = new Map<string, string>();

async function ssoSignIn(page: Page, jamsEmail: string, idpEmail: string, idpPassword: string) {
  await enterEmail(page, jamsEmail);
  await page.getByRole("button", { name: "Continue with Okta", exact: true }).click();
  await signInAtIdp(page, stack.idp, idpEmail, idpPassword);
}

/** The accessible name (aria-label, else text) of whatever has keyboard focus. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return (el?.getAttribute("aria-label") ?? el?.textContent ?? "").trim();
  });
}

async function expectLoginError(page: Page, code: keyof typeof SSO_ERROR_CATALOGUE) {
  await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("error") === code);
  const alert = page.getByRole("alert").filter({ hasText: SSO_ERROR_CATALOGUE[code].title });
  await visible(alert);
  expect(await alert.textContent()).toContain(code);
  expect(await alert.textContent()).toContain(SSO_ERROR_CATALOGUE[code].userMessage);
  // What to do about it, for the IT administrator the person forwards it to.
  await alert.getByText("Information for your IT administrator").click();
  await visible(alert.getByText(SSO_ERROR_CATALOGUE[code].adminHint));
  const link = alert.getByRole("link", { name: /what this error means/i });
  expect(await link.getAttribute("href")).toBe(`/docs/sso-errors#${code}`);
}

async function ssoAuditCheck() {
  // The admin's password session was ended by enforcement; sign in again through SSO.
  const context = await stack.newContext();
  const page = await context.newPage();
  await ssoSignIn(page, ADMIN.email, ADMIN.email, ADMIN.idpPassword);
  await page.waitForURL("**/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await page.waitForURL("**/audit");
  const table = page.getByRole("table");
  // Human action names, never the raw code split mid-word.
  await visible(table.getByText("Enforce SSO turned on", { exact: true }));
  expect(await table.textContent()).not.toContain("sso.enforcement_enabled");
  expect(await table.textContent()).toContain(ADMIN.email);
  // Details are labelled values with names: the invited member's email, not an id.
  await visible(table.getByRole("row", { name: /User invited/ }).filter({ hasText: MEMBER.email }).getByText("Email"));
  await stack.screenshot(page, "audit-log");
  // Filters by action and by actor run on the server and live in the URL.
  await page.getByLabel("Action").selectOption({ label: "Enforce SSO turned on" });
  await page.waitForURL((url) => url.searchParams.get("action") === "sso.enforcement_enabled");
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1);
  await page.getByLabel("Action").selectOption({ label: "All sign-ins" });
  await page.getByLabel("By").fill("nobody@acme.test");
  await page.getByLabel("By").press("Enter");
  await visible(page.getByText("No events match these filters."));
  await page.getByRole("button", { name: "Clear filters" }).click();
  await visible(table.getByText("Enforce SSO turned on", { exact: true }));
  // At phone width the rows become cards; nothing overflows.
  await page.setViewportSize({ width: 375, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const nameWidths = await page.$$eval(".audit-action span", (els) => els.map((el) => el.getClientRects().length));
  expect(nameWidths.every((lines) => lines >= 1)).toBe(true);
  await stack.screenshot(page, "audit-log-375");
  await context.close();
}

describe("Okta setup guide, end to end", () => {
  beforeAll(async () => {
    stack = await startStack({
      databaseUrl: inject("databaseUrl"),
      admin: { email: ADMIN.email, password: ADMIN.password, name: ADMIN.name },
      idpUsers: [
        { email: ADMIN.email, name: ADMIN.name, password: ADMIN.idpPassword, emailVerified: true },
        { email: MEMBER.email, name: MEMBER.name, password: MEMBER.idpPassword, emailVerified: true },
        { email: UNASSIGNED.email, name: UNASSIGNED.name, password: UNASSIGNED.idpPassword, emailVerified: true, assigned: false },
        { email: ALIAS.idpEmail, name: "Jane Doe", password: ALIAS.idpPassword, emailVerified: true },
      ],
    });
    adminContext = await stack.newContext();
    await adminContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.baseUrl });
    admin = await adminContext.newPage();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("the admin signs in with a password and lands on the dashboard", async () => {
    await passwordSignIn(admin, ADMIN.email, ADMIN.password);
    await admin.waitForURL("**/dashboard");
    await visible(admin.getByText("Signed in with a password"));
    await visible(admin.getByRole("heading", { level: 1, name: `Welcome, ${ADMIN.name}` }));
  });

  it("the admin invites users and gets invite links to copy", async () => {
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await admin.waitForURL("**/users");
    for (const [email, name] of [
      [MEMBER.email, MEMBER.name],
      [PASSWORD_USER.email, PASSWORD_USER.name],
      [UNASSIGNED.email, UNASSIGNED.name],
      [ALIAS.jamsEmail, "Jane Doe"],
    ] as const) {
      await admin.getByLabel("Email", { exact: true }).fill(email);
      await admin.getByLabel("Name").fill(name);
      await admin.getByRole("button", { name: "Invite user" }).click();
      const link = admin.getByTestId("invite-url");
      await visible(admin.getByText(`Invitation ready for ${email}`));
      const url = (await link.textContent()) ?? "";
      expect(url).toMatch(new RegExp(`^${stack.baseUrl}/invite/`));
      inviteUrls.set(email, url);
    }
    await visible(admin.getByRole("row", { name: new RegExp(MEMBER.email) }));
    await stack.screenshot(admin, "users");
  });

  it("a password user accepts the invitation by setting a password", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    const url = inviteUrls.get(PASSWORD_USER.email);
    expect(url).toBeTruthy();
    await page.goto(url ?? "");
    await visible(page.getByText(`You have been invited to Acme Corp as ${PASSWORD_USER.email}`));
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD_USER.password);
    await page.getByLabel("Confirm password").fill(PASSWORD_USER.password);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL("**/dashboard");
    await visible(page.getByText("Signed in with a password"));
    await context.close();
  });

  it("/integrations/sso shows the Redirect URI, and Copy puts it on the clipboard", async () => {
    await admin.goto("/integrations/sso");
    await visible(admin.getByRole("heading", { level: 1, name: "Single sign-on" }));
    redirectUri = ((await admin.getByTestId("redirect-uri").textContent()) ?? "").trim();
    expect(redirectUri).toBe(`${stack.baseUrl}/auth/sso/callback`);
    await admin.getByRole("button", { name: "Copy Redirect URI" }).click();
    await visible(admin.getByText("Copied", { exact: true }));
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(redirectUri);

    // Okta steps 1–3: create the Web Application with that Sign-in redirect URI.
    stack.idp.addClient({
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      redirectUris: [redirectUri],
      // The guide's optional Sign-out redirect URI: the JAMS IMES /login page.
      postLogoutRedirectUris: [`${stack.baseUrl}/login`],
      tokenEndpointAuthMethod: "client_secret_basic",
    });
  });

  it("a pasted discovery URL is flagged once, at the Issuer URL field, in the admin's words, with a one-click fix", async () => {
    const issuer = admin.getByLabel("Issuer URL");
    await issuer.fill(`${stack.idp.issuer}/.well-known/openid-configuration`);
    const problem = admin.getByText(SSO_ERROR_CATALOGUE.issuer_is_discovery_url.title);
    await visible(problem);
    expect(await issuer.getAttribute("aria-invalid")).toBe("true");
    // Save anyway: the refusal is not repeated in a second callout with a second button.
    await admin.getByLabel("Configuration name").fill("Okta");
    await admin.getByLabel("Client ID").fill(CLIENT.clientId);
    await admin.getByLabel("Client Secret").fill(CLIENT.clientSecret);
    await admin.getByRole("button", { name: "Save Configuration" }).click();
    await admin.getByRole("button", { name: "Save Configuration" }).waitFor({ state: "visible" });
    await admin.waitForFunction(() => !document.querySelector("button[type=submit]")?.hasAttribute("disabled"));
    expect(await problem.count()).toBe(1);
    expect(await admin.getByRole("button", { name: `Use ${stack.idp.issuer}` }).count()).toBe(1);
    const page = (await admin.locator("main").textContent()) ?? "";
    expect(page).not.toContain("contact your company's IT administrator");
    expect(page.split("/.well-known/openid-configuration").length).toBeLessThanOrEqual(4);
    await stack.screenshot(admin, "issuer-discovery-url");
    await admin.getByRole("button", { name: `Use ${stack.idp.issuer}` }).click();
    expect(await issuer.inputValue()).toBe(stack.idp.issuer);
    await visible(admin.getByText("Issuer found."));
    expect(await issuer.getAttribute("aria-invalid")).toBeNull();
  });

  it("the admin fills the form by the guide's field names and clicks Save Configuration", async () => {
    // The guided steps, with Okta picked and its hints from the guide.
    const steps = admin.locator("ol.setup-steps > li");
    expect(await steps.count()).toBe(4);
    expect(await admin.getByRole("radio", { name: "Okta" }).isChecked()).toBe(true);
    await visible(admin.getByText(/Sign-in redirect URIs/).first());
    await visible(admin.getByText(/Assignments/).first());
    expect(await admin.getByRole("link", { name: /Okta guide, steps 1–2/ }).getAttribute("href")).toBe("/docs/sso/okta#step-1");
    await admin.getByLabel("Configuration name").fill("Okta");
    await admin.getByLabel("Client ID").fill(CLIENT.clientId);
    await admin.getByLabel("Client Secret").fill(CLIENT.clientSecret);
    // Advanced settings are collapsed: the guide says leave them at their defaults.
    expect(await admin.getByLabel("Scopes").isVisible()).toBe(false);
    await admin.getByText("Advanced settings").click();
    // "Scopes: leave default openid profile email"; "Claim mappings: leave defaults".
    expect(await admin.getByLabel("Scopes").inputValue()).toBe("openid profile email");
    const claims = admin.getByRole("group", { name: "Claim mappings" });
    expect(await claims.getByLabel("Email claim").inputValue()).toBe("email");
    expect(await claims.getByLabel("Name claim").inputValue()).toBe("name");
    // "Enforce SSO: leave OFF for first test".
    const enforce = admin.getByLabel("Enforce SSO", { exact: true });
    expect(await enforce.isChecked()).toBe(false);
    await stack.screenshot(admin, "sso-setup-new");

    await admin.getByRole("button", { name: "Save Configuration" }).click();
    await visible(admin.getByText("Configuration saved."));
    await admin.waitForURL((url) => url.searchParams.has("connection"));
    // The form closes into the summary: focus goes to the outcome and its next step, not to <body>.
    await admin.waitForFunction(() => document.activeElement?.textContent?.startsWith("Configuration saved.") === true);
    expect(await focusedName(admin)).toContain("Next: step 3 — run Test sign-in for Okta");
    connectionId = new URL(admin.url()).searchParams.get("connection") ?? "";
    expect(connectionId).toMatch(/^[0-9a-f-]{36}$/);
    await visible(admin.getByRole("row", { name: /Okta/ }).getByText("Enabled"));
    expect(await admin.getByRole("button", { name: "Save Configuration" }).count()).toBe(0);
    const summary = admin.getByTestId("connection-summary");
    await visible(summary);
    // The secret is write-only: the summary only says it is set.
    expect(await summary.textContent()).toContain(`Set, ends in …${CLIENT.clientSecret.slice(-4)}`);
    expect(await summary.textContent()).not.toContain(CLIENT.clientSecret);
    expect(await summary.textContent()).toContain(stack.idp.issuer);
    await stack.screenshot(admin, "sso-settings-summary");

    // Edit opens the same form (secret blank = keep), Cancel closes it again.
    await admin.getByRole("button", { name: "Edit Okta" }).click();
    expect(await admin.getByLabel("Client Secret").inputValue()).toBe("");
    expect(await admin.getByLabel("Client Secret").getAttribute("placeholder")).toBe("Leave blank to keep the current secret");
    await visible(admin.getByText(`A secret is set, ends in …${CLIENT.clientSecret.slice(-4)}`));
    await admin.getByRole("button", { name: "Cancel" }).click();
    await visible(admin.getByTestId("connection-summary"));
  });

  it("the in-product Okta guide is linked from the steps and uses the same field names", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    await page.goto("/docs/sso/okta#step-3");
    await visible(page.getByRole("heading", { level: 1, name: "Set up SSO with Okta" }));
    const step3 = page.getByRole("region", { name: "Step 3 — Capture the credentials" });
    await visible(step3);
    expect(await step3.evaluate((el) => el === document.activeElement)).toBe(true);
    const step5 = (await page.getByRole("region", { name: "Step 5 — Configure JAMS IMES" }).textContent()) ?? "";
    for (const field of ["Configuration name", "Issuer URL", "Client ID", "Client Secret", "Scopes", "Claim mappings", "Enforce SSO", "Save Configuration"]) {
      expect(step5).toContain(field);
    }
    await page.getByRole("navigation", { name: "Setup guides" }).getByRole("link", { name: "Microsoft Entra ID" }).click();
    await visible(page.getByRole("heading", { level: 1, name: "Set up SSO with Microsoft Entra ID" }));
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto("/docs/sso/okta");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await stack.screenshot(page, "docs-sso-okta-375");
    await context.close();
  });

  it("Test sign-in goes to the IdP and comes back with the claims and the user they map to", async () => {
    await admin.getByRole("region", { name: /Check and test the connection/ }).getByRole("button", { name: "Test sign-in with Okta" }).click();
    await signInAtIdp(admin, stack.idp, ADMIN.email, ADMIN.idpPassword);
    await admin.waitForURL((url) => url.pathname === "/integrations/sso" && url.searchParams.has("test"));
    const panel = admin.getByRole("region", { name: "Test sign-in result" });
    await visible(panel.getByText("Test sign-in succeeded."));
    // Back from the IdP, focus starts at the result.
    await admin.waitForFunction(() => document.activeElement?.textContent?.trim() === "Test sign-in result");
    expect(await panel.textContent()).toContain(ADMIN.email);
    expect(await panel.getByTestId("mapped-user").textContent()).toContain(ADMIN.email);
    await stack.screenshot(admin, "sso-test-result");
    // The test did not replace the admin's own (password) session.
    await admin.goto("/dashboard");
    await visible(admin.getByText("Signed in with a password"));
  });

  it("a member signs in through Okta on a phone-sized screen and lands on the dashboard", async () => {
    const context = await stack.newContext({ width: 375, height: 740 });
    const page = await context.newPage();
    // Continue with a missing or incomplete email says what is wrong, at the field.
    await page.goto("/login");
    const email = page.getByLabel("Email");
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    await visible(page.getByText("Enter your email address."));
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    await email.fill("mia");
    await page.keyboard.press("Enter");
    await visible(page.getByText("Enter a complete email address, like name@company.com."));
    await enterEmail(page, MEMBER.email);
    const button = page.getByRole("button", { name: "Continue with Okta" });
    await visible(button);
    // Focus moves to the first way of signing in after Continue.
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    // Nothing overflows sideways at 375px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await stack.screenshot(page, "login-continue-with-okta-375");
    await button.click();
    await signInAtIdp(page, stack.idp, MEMBER.email, MEMBER.idpPassword);
    await page.waitForURL("**/dashboard");
    await visible(page.getByText("Signed in with Okta (SSO)"));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await stack.screenshot(page, "dashboard-member-375");

    // Sign out follows the IdP's end-session URL, which returns to /login.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.href.startsWith(stack.idp.url) || url.pathname === "/login");
    if (page.url().startsWith(stack.idp.url)) {
      const confirm = page.getByRole("button", { name: /sign me out|sign out|yes/i });
      if ((await confirm.count()) > 0) await confirm.first().click();
    }
    await page.waitForURL((url) => url.origin === stack.baseUrl && url.pathname === "/login");
    await page.goto("/dashboard");
    await page.waitForURL((url) => url.pathname === "/login");
    await visible(page.getByLabel("Email"));
    await context.close();
  });

  it("an IdP user who is not assigned to the app sees sso_idp_rejected", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    await ssoSignIn(page, UNASSIGNED.email, UNASSIGNED.email, UNASSIGNED.idpPassword);
    await expectLoginError(page, "sso_idp_rejected");
    await stack.screenshot(page, "login-error-sso-idp-rejected");
    await page.getByRole("link", { name: /what this error means/i }).click();
    await page.waitForURL((url) => url.pathname === "/docs/sso-errors" && url.hash === "#sso_idp_rejected");
    await visible(page.getByRole("row", { name: /sso_idp_rejected/ }));
    await stack.screenshot(page, "docs-sso-errors");
    await context.close();
  });

  it("an IdP user without a JAMS IMES account sees user_not_provisioned", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    await ssoSignIn(page, ALIAS.jamsEmail, ALIAS.idpEmail, ALIAS.idpPassword);
    await expectLoginError(page, "user_not_provisioned");
    await context.close();
  });

  it("the admin sees those attempts under Recent sign-in attempts", async () => {
    await admin.goto(`/integrations/sso?connection=${connectionId}`);
    const attempts = admin.getByRole("region", { name: "Recent sign-in attempts — Okta" });
    await visible(attempts.getByRole("row", { name: /sso_idp_rejected/ }));
    expect(await attempts.getByRole("row", { name: /sso_idp_rejected/ }).first().textContent()).toContain("access_denied");
    await visible(attempts.getByRole("row", { name: /user_not_provisioned/ }));
    await visible(attempts.getByRole("row", { name: /Signed in/ }));
    await stack.screenshot(admin, "sso-attempts");
  });

  it("/users: change a role, resend an invitation, disable and remove (with confirmation)", async () => {
    await admin.goto("/users");
    const row = (email: string) => admin.getByRole("row", { name: new RegExp(email.replace(".", "\\.")) });
    await visible(row(MEMBER.email));

    await admin.getByLabel(`Role for ${ALIAS.jamsEmail}`).selectOption("admin");
    await visible(admin.getByText("Role changed to Administrator."));
    expect(await admin.getByLabel(`Role for ${ALIAS.jamsEmail}`).inputValue()).toBe("admin");
    await admin.getByLabel(`Role for ${ALIAS.jamsEmail}`).selectOption("member");
    await visible(admin.getByText("Role changed to Member."));

    await admin.getByRole("button", { name: `Resend invitation to ${UNASSIGNED.email}` }).click();
    await visible(admin.getByText(`Invitation ready for ${UNASSIGNED.email}`));
    expect(await admin.getByTestId("invite-url").textContent()).not.toBe(inviteUrls.get(UNASSIGNED.email));

    await admin.getByRole("button", { name: `Disable ${UNASSIGNED.email}` }).click();
    await admin.getByRole("dialog", { name: `Disable ${UNASSIGNED.email}?` }).getByRole("button", { name: "Disable user" }).click();
    await visible(row(UNASSIGNED.email).getByText("Disabled"));

    await admin.getByRole("button", { name: `Remove ${ALIAS.jamsEmail}` }).click();
    const removeDialog = admin.getByRole("dialog", { name: `Remove ${ALIAS.jamsEmail}?` });
    await visible(removeDialog);
    await removeDialog.getByRole("button", { name: "Cancel" }).click();
    await removeDialog.waitFor({ state: "hidden" });
    await admin.getByRole("button", { name: `Remove ${ALIAS.jamsEmail}` }).click();
    await removeDialog.getByRole("button", { name: "Remove user" }).click();
    await row(ALIAS.jamsEmail).waitFor({ state: "detached" });
    await stack.screenshot(admin, "users-managed");
  });

  it("/users: a member who signed in through Okta shows the linked identity, and Unlink SSO removes it", async () => {
    await admin.goto("/users");
    const row = admin.getByRole("row", { name: /mia@acme\.test/ });
    await visible(row);
    // Mia signed in through Okta above, so her row names the connection and offers Unlink SSO.
    await visible(row.getByText("Okta", { exact: true }));
    await admin.getByRole("button", { name: `Unlink SSO identity of ${MEMBER.email}` }).click();
    const dialog = admin.getByRole("dialog", { name: `Unlink the SSO identity of ${MEMBER.email}?` });
    await visible(dialog);
    await dialog.getByRole("button", { name: "Unlink SSO identity" }).click();
    await visible(admin.getByText(`The SSO identity of ${MEMBER.email} was unlinked.`));
    await row.getByText("Okta", { exact: true }).waitFor({ state: "detached" });
  });

  it("a failed Test sign-in shows the error code, the fix and the IdP's error", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    await passwordSignIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL("**/dashboard");
    await page.goto("/integrations/sso");
    await page.getByRole("button", { name: "Test sign-in with Okta" }).first().click();
    await signInAtIdp(page, stack.idp, UNASSIGNED.email, UNASSIGNED.idpPassword);
    await page.waitForURL((url) => url.pathname === "/integrations/sso" && url.searchParams.has("test"));
    const panel = page.getByRole("region", { name: "Test sign-in result" });
    await visible(panel.getByText("Test sign-in failed."));
    const text = (await panel.textContent()) ?? "";
    expect(text).toContain("sso_idp_rejected");
    expect(text).toContain(SSO_ERROR_CATALOGUE.sso_idp_rejected.adminHint);
    expect(text).toContain("access_denied");
    // The admin reads what to change, not the end user's "contact your IT administrator".
    expect(text).not.toContain("contact your company's IT administrator");
    await stack.screenshot(page, "sso-test-failed");
    await context.close();
  });

  it("several connections: Add connection, disable hides its button, delete asks for confirmation", async () => {
    await admin.goto("/integrations/sso");
    await admin.getByRole("button", { name: "Add connection" }).click();
    await visible(admin.getByRole("heading", { name: "New connection" }));
    await admin.getByLabel("Configuration name").fill("Okta (staging)");
    await admin.getByLabel("Issuer URL").fill(stack.idp.issuer);
    await admin.getByLabel("Client ID").fill(CLIENT.clientId);
    await admin.getByLabel("Client Secret").fill(CLIENT.clientSecret);
    await admin.getByRole("button", { name: "Save Configuration" }).click();
    const staging = admin.getByRole("row", { name: /Okta \(staging\)/ });
    await visible(staging);

    await admin.getByRole("button", { name: "Disable Okta (staging)" }).click();
    await visible(staging.getByText("Disabled"));
    const context = await stack.newContext();
    const page = await context.newPage();
    await enterEmail(page, MEMBER.email);
    await visible(page.getByRole("button", { name: "Continue with Okta", exact: true }));
    expect(await page.getByRole("button", { name: /^Continue with/ }).count()).toBe(1);
    await context.close();

    await admin.getByRole("button", { name: "Delete Okta (staging)" }).focus();
    await admin.keyboard.press("Enter");
    const dialog = admin.getByRole("dialog", { name: "Delete Okta (staging)?" });
    await visible(dialog);
    // Keyboard: focus starts on Cancel, Escape closes, and focus returns to the Delete button.
    expect(await focusedName(admin)).toBe("Cancel");
    await admin.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await focusedName(admin)).toBe("Delete Okta (staging)");
    await admin.keyboard.press("Enter");
    await visible(dialog);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await staging.count()).toBe(1);
    await admin.getByRole("button", { name: "Delete Okta (staging)" }).click();
    await dialog.getByRole("button", { name: "Delete connection" }).click();
    await staging.waitFor({ state: "detached" });
    await visible(admin.getByText("Okta (staging) was deleted."));
    // The row that had focus is gone; focus is on the outcome, not lost to <body>.
    await admin.waitForFunction(() => document.activeElement?.textContent === "Okta (staging) was deleted.");
  });

  it("a session that ends mid-way sends the admin to /login and back to the page they were on", async () => {
    await admin.goto("/integrations/sso");
    await visible(admin.getByRole("heading", { level: 1, name: "Single sign-on" }));
    // Let the page finish loading first: a request failing as signed out would redirect by itself.
    await visible(admin.getByRole("region", { name: /Recent sign-in attempts/ }).getByRole("table"));
    await visible(admin.getByLabel("Enforce SSO", { exact: true }));
    // The session cookie disappears (expired, revoked) while the SPA is open.
    await adminContext.clearCookies();
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
    await admin.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("returnTo") === "/users");
    await admin.getByLabel("Email").fill(ADMIN.email);
    await admin.getByRole("button", { name: "Continue", exact: true }).click();
    await admin.getByLabel("Password").fill(ADMIN.password);
    await admin.getByRole("button", { name: "Sign in", exact: true }).click();
    await admin.waitForURL((url) => url.pathname === "/users");
    await visible(admin.getByRole("heading", { level: 1, name: "Users" }));
  });

  it("/login and /integrations/sso have no serious or critical axe violations", async () => {
    const context = await stack.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto("/login");
    await visible(page.getByLabel("Email"));
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);
    await enterEmail(page, MEMBER.email);
    await visible(page.getByRole("button", { name: "Continue with Okta" }));
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);
    await page.goto("/login?error=sso_idp_rejected");
    await visible(page.getByRole("alert"));
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);

    await passwordSignIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL("**/dashboard");
    await page.goto(`/integrations/sso?connection=${connectionId}`);
    await visible(page.getByTestId("connection-summary"));
    await visible(page.getByRole("region", { name: /Recent sign-in attempts/ }).getByRole("table"));
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);
    await page.goto(`/integrations/sso?connection=${connectionId}&edit=1`);
    await visible(page.getByRole("button", { name: "Save Configuration" }));
    await page.getByText("Advanced settings").click();
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);
    for (const path of ["/audit", "/docs/sso-errors", "/docs/sso/okta"]) {
      await page.goto(path);
      await visible(page.getByRole("heading", { level: 1 }));
      expect(await axeSeriousViolations(page, AXE_SOURCE), path).toEqual([]);
    }
    await page.goto("/integrations/sso?connection=new");
    await visible(page.getByText("New connection"));
    expect(await axeSeriousViolations(page, AXE_SOURCE)).toEqual([]);

    await context.close();
  }, 150_000);

  it("at 375 px the admin pages keep every action and navigation link on screen, axe-clean", async () => {
    const context = await stack.newContext({ width: 375, height: 740, bypassCSP: true });
    const page = await context.newPage();
    await passwordSignIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL("**/dashboard");
    for (const path of [`/integrations/sso?connection=${connectionId}`, "/users", "/audit"]) {
      await page.goto(path);
      await visible(page.getByRole("table").first());
      await stack.screenshot(page, `admin-375${path.split("?")[0]?.replaceAll("/", "-") ?? ""}`);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > 376)
          .map((el) => `${el.tagName}.${el.className}[${(el.textContent ?? "").slice(0, 20)}]@${Math.round(el.getBoundingClientRect().left)}-${Math.round(el.getBoundingClientRect().right)}`)
          .slice(0, 12),
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path}: ${wide.join(", ")}`).toBeLessThanOrEqual(375);
      // Every row action and every navigation link is on screen, not scrolled away.
      const offscreen = await page.evaluate(() =>
        [...document.querySelectorAll("nav[aria-label=Main] a, .row-actions button, .row-actions select, td select")]
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width === 0 || box.left < 0 || box.right > 375;
          })
          .map((el) => el.getAttribute("aria-label") ?? el.textContent),
      );
      expect(offscreen, path).toEqual([]);
      expect(await axeSeriousViolations(page, AXE_SOURCE), `${path} at 375px`).toEqual([]);
    }
    // The guided setup itself at phone width, by the guide's labels.
    await page.goto("/integrations/sso?connection=new");
    await visible(page.getByLabel("Configuration name"));
    for (const label of ["Issuer URL", "Client ID", "Client Secret"]) await visible(page.getByLabel(label, { exact: true }));
    await visible(page.getByRole("button", { name: "Save Configuration" }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await stack.screenshot(page, "sso-setup-375");
    await context.close();
  }, 150_000);

  it("Enforce SSO needs the admin's own SSO session; once on, password sign-in is refused with sso_required", async () => {
    // With a password session the switch is disabled and says why.
    await admin.goto("/integrations/sso");
    const passwordSwitch = admin.getByLabel("Enforce SSO", { exact: true });
    await visible(passwordSwitch);
    expect(await passwordSwitch.isDisabled()).toBe(true);
    await visible(admin.getByTestId("enforce-blocked").getByText(/you are signed in with a password/));
    await visible(admin.getByTestId("preflight-users").getByText(PASSWORD_USER.email));

    // A password user who already reached the password step before enforcement…
    const paulContext = await stack.newContext();
    const paul = await paulContext.newPage();
    await enterEmail(paul, PASSWORD_USER.email);
    await visible(paul.getByLabel("Password"));

    // The admin signs in through SSO first (fresh browser), then flips Enforce SSO on.
    const ssoAdminContext = await stack.newContext();
    const ssoAdmin = await ssoAdminContext.newPage();
    await ssoSignIn(ssoAdmin, ADMIN.email, ADMIN.email, ADMIN.idpPassword);
    await ssoAdmin.waitForURL("**/dashboard");
    await visible(ssoAdmin.getByText("Signed in with Okta (SSO)"));
    await ssoAdmin.goto("/integrations/sso");
    const enforce = ssoAdmin.getByLabel("Enforce SSO", { exact: true });
    await visible(enforce);
    expect(await enforce.isDisabled()).toBe(false);
    await enforce.click();
    const dialog = ssoAdmin.getByRole("dialog", { name: "Turn on single sign-on enforcement?" });
    await visible(dialog);
    expect(await dialog.textContent()).toContain(PASSWORD_USER.email);
    await stack.screenshot(ssoAdmin, "enforce-sso-confirm");
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await dialog.waitFor({ state: "hidden" });
    await ssoAdmin.waitForFunction(() => document.querySelector<HTMLInputElement>('input[role="switch"]')?.checked === true);
    expect(await enforce.isChecked()).toBe(true);
    await stack.screenshot(ssoAdmin, "sso-settings-enforced");
    // Enforcing ended the admin's own password session in the other browser, and /login says why.
    await admin.goto("/dashboard");
    await admin.waitForURL((url) => url.pathname === "/login");
    const ended = admin.getByTestId("session-ended");
    await visible(ended);
    expect(await ended.textContent()).toContain("Your organisation now requires single sign-on");
    await stack.screenshot(admin, "login-session-ended-by-enforcement");

    // …is refused with sso_required when they submit it.
    await paul.getByLabel("Password").fill(PASSWORD_USER.password);
    await paul.getByRole("button", { name: "Sign in", exact: true }).click();
    const alert = paul.getByRole("alert").filter({ hasText: "sso_required" });
    await visible(alert);
    expect(await alert.textContent()).toContain(SSO_ERROR_CATALOGUE.sso_required.userMessage);
    expect(new URL(paul.url()).pathname).toBe("/login");
    await stack.screenshot(paul, "login-error-sso-required");

    // Starting over, the password form is gone.
    await enterEmail(paul, PASSWORD_USER.email);
    await visible(paul.getByRole("button", { name: "Continue with Okta" }));
    expect(await paul.getByLabel("Password").count()).toBe(0);

    await paulContext.close();
    await ssoAdminContext.close();
  });

  it("the audit log records what happened", async () => {
    await ssoAuditCheck();
  });
});
