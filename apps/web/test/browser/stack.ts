/**
 * The whole product in-process for browser tests: a fresh database, the Okta-like dev IdP, the
 * API serving the freshly built apps/web/dist, and headless Debian Chromium.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOrganizationWithAdmin, DEFAULT_RATE_LIMITS, loadConfig, startApiServer, type RunningApiServer } from "@jams/api";
import { createTestDatabase } from "@jams/db/testing";
import { freePort } from "@jams/dev-idp/free-port";
import type { DatabaseHandle } from "@jams/db/client";
import { startDevIdp, type DevIdp, type DevUser } from "@jams/dev-idp/server";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
// Organisation bootstrap is not a tRPC procedure (it is the CLI's `org create`); everything after
// it goes through the UI and the API.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const WEB_DIST = fileURLToPath(new URL("../../dist", import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

export interface Stack {
  db: DatabaseHandle;
  idp: DevIdp;
  api: RunningApiServer;
  /** Origin the browser uses for JAMS IMES (PUBLIC_URL). */
  baseUrl: string;
  browser: Browser;
  org: { organizationId: string; slug: string };
  /** `bypassCSP` only for injecting axe-core: the app's CSP (script-src 'self') blocks inline scripts. */
  newContext(options?: { width?: number; height?: number; bypassCSP?: boolean }): Promise<BrowserContext>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startStack(options: {
  databaseUrl: string;
  admin: { email: string; password: string; name: string };
  idpUsers: DevUser[];
  /** DOMAIN_DNS_SERVERS for domain verification (a local test DNS server). */
  dnsServers?: string[];
}): Promise<Stack> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // keep closing the rest
      }
    }
  };
  try {
    const db = await createTestDatabase(options.databaseUrl ? "postgres" : "pglite", options.databaseUrl || undefined);
    cleanups.push(() => db.close());

    const idp = await startDevIdp({ clients: [], users: options.idpUsers });
    cleanups.push(() => idp.close());

    const port = await freePort();
    // "localhost" for the app and 127.0.0.1 for the IdP: two different sites, as in production.
    const baseUrl = `http://localhost:${port}`;
    const config = loadConfig({
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SECRET_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      SSO_INSECURE_ISSUER_HOSTS: "127.0.0.1",
      LOG_LEVEL: "error",
      WEB_DIST_DIR: WEB_DIST,
      ...(options.dnsServers ? { DOMAIN_DNS_SERVERS: options.dnsServers.join(",") } : {}),
    });
    // One browser from one IP drives every persona; keep the limits out of the way.
    config.rateLimits = { ...DEFAULT_RATE_LIMITS, discoverPerIp: 1000, passwordPerIp: 1000, passwordFailuresPerEmailIp: 1000, passwordFailuresPerIp: 1000, startSsoPerIp: 1000, callbackPerIp: 1000 };
    const api = await startApiServer({ config, database: db });
    cleanups.push(() => api.close());

    const created = await createOrganizationWithAdmin(db.db, {
      name: "Acme Corp",
      adminEmail: options.admin.email,
      adminPassword: options.admin.password,
      adminName: options.admin.name,
      now: new Date(),
    });

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    cleanups.push(() => browser.close());
    mkdirSync(SCREENSHOT_DIR, { recursive: true });

    return {
      db,
      idp,
      api,
      baseUrl,
      browser,
      org: { organizationId: created.organizationId, slug: created.slug },
      async newContext({ width = 1280, height = 900, bypassCSP = false } = {}) {
        const context = await browser.newContext({
          baseURL: baseUrl,
          viewport: { width, height },
          locale: "en-GB",
          timezoneId: "UTC",
          bypassCSP,
        });
        context.setDefaultTimeout(15_000);
        context.setDefaultNavigationTimeout(20_000);
        return context;
      },
      async screenshot(page, name) {
        const path = `${SCREENSHOT_DIR}${name}.png`;
        await page.screenshot({ path, fullPage: true, animations: "disabled" });
        return path;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the locator is visible (playwright-core has no auto-waiting `expect`). */
export async function visible(locator: Locator, timeout = 15_000): Promise<Locator> {
  await locator.first().waitFor({ state: "visible", timeout });
  return locator;
}

/** The dev IdP's sign-in form, filled by its labels like a person would. */
export async function signInAtIdp(page: Page, idp: DevIdp, email: string, password: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(idp.url), { timeout: 15_000 });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** /login → Email → Continue. */
export async function enterEmail(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** /login → Email → Continue → Password → Sign in; callers wait for the page they expect. */
export async function passwordSignIn(page: Page, email: string, password: string): Promise<void> {
  await enterEmail(page, email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Registers `client` at the dev IdP for this stack's callback and saves the connection through
 * sso.create with the signed-in admin's cookies (the SSO form itself is okta-setup-guide's
 * subject). Returns the HTTP status for the test to assert.
 */
export async function saveConnection(
  stack: Stack,
  adminContext: BrowserContext,
  input: { label: string; clientId: string; clientSecret: string; requireVerifiedEmail?: boolean },
): Promise<number> {
  stack.idp.addClient({
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    redirectUris: [`${stack.baseUrl}/auth/sso/callback`],
    tokenEndpointAuthMethod: "client_secret_basic",
  });
  const created = await adminContext.request.post("/trpc/sso.create", {
    headers: { origin: stack.baseUrl, "content-type": "application/json" },
    data: { ...input, issuer: stack.idp.issuer },
  });
  return created.status();
}

/** Runs axe-core in the page and returns serious/critical violations. */
export async function axeSeriousViolations(page: Page, axeSource: string): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const run = await axe.run(document, { resultTypes: ["violations"] });
    return run.violations.map((v) => ({ id: v.id, impact: v.impact ?? "unknown", help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical");
}
