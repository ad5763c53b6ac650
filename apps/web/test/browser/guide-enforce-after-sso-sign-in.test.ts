/**
 * The Okta guide's steps 5–7 taken literally, in a real browser against the real API and the
 * Okta-like dev IdP: Save Configuration (Check connection runs and puts the fix on the wrong
 * field) → a member's real sign-in in a private window → the admin, signed in through SSO,
 * turns Enforce SSO on without ever pressing Test sign-in.
 */
import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enterEmail, passwordSignIn, signInAtIdp, startStack, visible, type Stack } from "./stack";

const ADMIN = { email: "ines@globex.test", password: "correct-horse-ines", name: "Ines Admin", idpPassword: "okta-ines-pass" };
const MEMBER = { email: "max@globex.test", name: "Max Member", idpPassword: "okta-max-pass" };
const CLIENT = { clientId: "0oa2globexweb", clientSecret: randomBytes(24).toString("base64url") };

let stack: Stack;
let adminContext: BrowserContext;
let admin: Page;

async function ssoSignIn(page: Page, email: string, idpPassword: string) {
  await enterEmail(page, email);
  await page.getByRole("button", { name: "Continue with Okta", exact: true }).click();
  await signInAtIdp(page, stack.idp, email, idpPassword);
  await page.waitForURL("**/dashboard");
  await visible(page.getByText("Signed in with Okta (SSO)"));
}

describe("Guide steps 5–7: Save, a real sign-in, then Enforce SSO without Test sign-in", () => {
  beforeAll(async () => {
    stack = await startStack({
      databaseUrl: inject("databaseUrl"),
      admin: { email: ADMIN.email, password: ADMIN.password, name: ADMIN.name },
      idpUsers: [
        { email: ADMIN.email, name: ADMIN.name, password: ADMIN.idpPassword, emailVerified: true },
        { email: MEMBER.email, name: MEMBER.name, password: MEMBER.idpPassword, emailVerified: true },
      ],
    });
    adminContext = await stack.newContext();
    admin = await adminContext.newPage();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("the admin (password) invites the member", async () => {
    await passwordSignIn(admin, ADMIN.email, ADMIN.password);
    await admin.waitForURL("**/dashboard");
    await admin.goto("/users");
    await admin.getByLabel("Email", { exact: true }).fill(MEMBER.email);
    await admin.getByLabel("Name").fill(MEMBER.name);
    await admin.getByRole("button", { name: "Invite user" }).click();
    await visible(admin.getByText(`Invitation ready for ${MEMBER.email}`));
  });

  it("Step 5: Save Configuration checks the connection and puts a wrong Client Secret on that field", async () => {
    await admin.goto("/integrations/sso");
    const redirectUri = ((await admin.getByTestId("redirect-uri").textContent()) ?? "").trim();
    stack.idp.addClient({ clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, redirectUris: [redirectUri], tokenEndpointAuthMethod: "client_secret_basic" });

    await admin.getByLabel("Configuration name").fill("Okta");
    await admin.getByLabel("Issuer URL").fill(stack.idp.issuer);
    await visible(admin.getByText("Issuer found."));
    await admin.getByLabel("Client ID").fill(CLIENT.clientId);
    await admin.getByLabel("Client Secret").fill(`${CLIENT.clientSecret}-typo`);
    expect(await admin.getByLabel("Enforce SSO", { exact: true }).isChecked()).toBe(false);
    await admin.getByRole("button", { name: "Save Configuration" }).click();
    await visible(admin.getByText("Configuration saved."));

    // The message sits under Client Secret in the form, and in the Check connection panel.
    const note = admin.locator('form [data-testid="check-note-clientSecret"]');
    await visible(note);
    expect(await note.getAttribute("data-code")).toBe("sso_client_secret_invalid");
    const panel = admin.getByTestId("check-connection");
    expect(await panel.getByTestId("verdict-redirectUri").textContent()).toBe("Verified");
    expect(await panel.getByTestId("verdict-clientSecret").textContent()).toBe("Rejected by the provider");
    expect(await panel.textContent()).not.toContain(CLIENT.clientSecret);

    await admin.getByLabel("Client Secret").fill(CLIENT.clientSecret);
    await admin.getByRole("button", { name: "Save Configuration" }).click();
    await visible(panel.getByText("Connection verified."));
    expect(await admin.locator('[data-testid="check-note-clientSecret"]').count()).toBe(0);

    // With a password session and nobody signed in through SSO yet, Enforce SSO explains the way.
    const enforce = admin.getByLabel("Enforce SSO", { exact: true });
    expect(await enforce.isDisabled()).toBe(true);
    await visible(admin.getByTestId("enforce-blocked").getByText(/Sign in through SSO as an administrator/));
  });

  it("Step 6: a member signs in through Okta in a private window", async () => {
    const privateWindow = await stack.newContext();
    await ssoSignIn(await privateWindow.newPage(), MEMBER.email, MEMBER.idpPassword);
    await privateWindow.close();
  });

  it("Step 7: the admin, signed in through SSO, turns Enforce SSO on — no Test sign-in pressed", async () => {
    const privateWindow = await stack.newContext();
    const page = await privateWindow.newPage();
    await ssoSignIn(page, ADMIN.email, ADMIN.idpPassword);
    await page.goto("/integrations/sso");
    const enforce = page.getByLabel("Enforce SSO", { exact: true });
    await visible(enforce);
    expect(await enforce.isDisabled()).toBe(false);
    expect(await page.getByTestId("enforce-blocked").count()).toBe(0);
    // The switch asks for confirmation first (controlled: it stays off until the API says on).
    await enforce.click();
    await page.getByRole("dialog").getByRole("button", { name: "Turn on" }).click();
    await page.waitForFunction(() => document.querySelector("#enforce-sso .status")?.textContent === "On");
    expect(await enforce.isChecked()).toBe(true);
    await privateWindow.close();
  });
});
