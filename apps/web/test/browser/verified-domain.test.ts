/**
 * Verified domains in a real browser: add a domain on /integrations/domains → the TXT record is
 * shown → "Verify now" against a real DNS server on 127.0.0.1 → an address on that domain that
 * has no account is routed to the organisation's SSO by /login.
 */
import type { BrowserContext, Page } from "playwright-core";
import { startTestDnsServer, type TestDnsServer } from "@jams/dev-idp/dns-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enterEmail, passwordSignIn, saveConnection, startStack, visible, type Stack } from "./stack";

const ADMIN = { email: "dora@domains.test", password: "dora-admin-password", name: "Dora Domains" };
const DOMAIN = "initech-verified.test";
const CLIENT = { clientId: "0oa-domains-test", clientSecret: "domains-test-secret-9f8e7d" };

describe("verified domains in the browser", () => {
  let dns: TestDnsServer;
  let stack: Stack;
  let adminContext: BrowserContext;
  let admin: Page;

  beforeAll(async () => {
    dns = await startTestDnsServer();
    stack = await startStack({ databaseUrl: inject("databaseUrl"), admin: ADMIN, idpUsers: [], dnsServers: [dns.address] });
    adminContext = await stack.newContext();
    admin = await adminContext.newPage();
    await passwordSignIn(admin, ADMIN.email, ADMIN.password);
    await admin.waitForURL((url) => url.pathname === "/dashboard");
    const saved = await saveConnection(stack, adminContext, { label: "Initech Okta", ...CLIENT });
    expect(saved).toBe(200);
  });
  afterAll(async () => {
    await stack.close();
    await dns.close();
  });

  it("add domain → TXT shown → Verify now → an unknown address on it is routed to SSO", async () => {
    await admin.getByRole("link", { name: "Domains", exact: true }).click();
    await visible(admin.getByRole("heading", { name: "Email domains" }));
    await admin.getByLabel("Domain", { exact: true }).fill(DOMAIN);
    await admin.getByRole("button", { name: "Add domain" }).click();

    const card = admin.getByRole("region", { name: DOMAIN });
    const value = (await (await visible(card.getByTestId("txt-value"))).textContent())?.trim() ?? "";
    const name = (await card.getByTestId("txt-name").textContent())?.trim() ?? "";
    expect(name).toBe(`_jams-verification.${DOMAIN}`);
    expect(value).toMatch(/^jams-verification=[A-Za-z0-9_-]{43}$/);
    await visible(card.getByRole("button", { name: `Copy TXT record value for ${DOMAIN}` }));

    // Before the record exists, the check says so.
    await card.getByRole("button", { name: "Verify now" }).click();
    await visible(card.getByRole("status").filter({ hasText: "TXT record was not found" }));

    dns.txt.set(name, [value]);
    await card.getByRole("button", { name: "Verify now" }).click();
    // Exact: "Verified" is also a substring of "Not verified", which would not wait for the refetch.
    await visible(card.getByTestId("domain-status").filter({ hasText: /^Verified$/ }));
    await visible(card.getByText(`Verified by ${ADMIN.email}`));

    const visitorContext = await stack.newContext();
    const visitor = await visitorContext.newPage();
    await enterEmail(visitor, `nobody-yet@${DOMAIN}`);
    await (await visible(visitor.getByRole("button", { name: "Continue with Initech Okta", exact: true }))).click();
    await visitor.waitForURL((url) => url.href.startsWith(stack.idp.url));
    await visitorContext.close();
  });
});
