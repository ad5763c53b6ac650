import type { DatabaseHandle } from "@jams/db/client";
import { startDevIdp, type DevIdp, type DevIdpOptions, type DevUser } from "@jams/dev-idp/server";
import { signInWithoutBrowser } from "@jams/dev-idp/testing";
import { pino } from "pino";
import { startApiServer, type RunningApiServer } from "../../src/app";
import type { RateLimitPolicy, ScimLimits } from "../../src/config";
import { anonymousCaller, signedInCaller } from "./callers";
import { TestBrowser } from "./browser";
import { freePort } from "@jams/dev-idp/free-port";
import { testConfig } from "./config";

export const CLIENT_SECRET = "dev-secret-Zq8w!never-in-responses";

export interface Harness {
  idp: DevIdp;
  api: RunningApiServer;
  publicUrl: string;
  redirectUri: string;
  browser(apiUrl?: string): TestBrowser;
  close(): Promise<void>;
}

/** An API instance on a real port plus an in-process dev IdP that knows its redirect URI. */
export async function startHarness(
  database: DatabaseHandle,
  // idp.conformIdTokenClaims false: profile and email claims in the ID token too (default: only in UserInfo, like Okta).
  options: { users?: DevUser[]; rateLimits?: Partial<RateLimitPolicy>; dnsServers?: string[]; scim?: Partial<ScimLimits>; idp?: Pick<DevIdpOptions, "conformIdTokenClaims"> } = {},
): Promise<Harness> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${publicUrl}/auth/sso/callback`;
  const idp = await startDevIdp({ port: 0, clients: [], users: options.users ?? [], ...options.idp });
  const config = testConfig({ port, publicUrl, ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}), ...(options.scim ? { scim: options.scim } : {}) });
  const api = await startApiServer({
    config: options.dnsServers ? { ...config, domainDns: { ...config.domainDns, servers: options.dnsServers } } : config,
    database,
    logger: pino({ level: "silent" }),
  });
  return {
    idp,
    api,
    publicUrl,
    redirectUri,
    browser: (apiUrl = api.url) => new TestBrowser(apiUrl, publicUrl),
    async close() {
      await api.close();
      await idp.close();
    },
  };
}

let clientCounter = 0;

/** Registers a client at the IdP and saves a connection for the org through the real procedure. */
export async function connectOrgToIdp(
  harness: Harness,
  admin: { id: string; organizationId: string },
  overrides: { label?: string; requireVerifiedEmail?: boolean; scopes?: string } = {},
) {
  clientCounter += 1;
  const clientId = `jams-${clientCounter}-${Date.now().toString(36)}`;
  harness.idp.addClient({
    clientId,
    clientSecret: CLIENT_SECRET,
    redirectUris: [harness.redirectUri],
    postLogoutRedirectUris: [`${harness.publicUrl}/login`],
    tokenEndpointAuthMethod: "client_secret_basic",
  });
  const { caller } = await signedInCaller(harness.api.deps, admin);
  return caller.sso.create({
    label: overrides.label ?? "Okta",
    issuer: harness.idp.issuer,
    clientId,
    clientSecret: CLIENT_SECRET,
    requireVerifiedEmail: overrides.requireVerifiedEmail ?? true,
    ...(overrides.scopes ? { scopes: overrides.scopes } : {}),
  });
}

/**
 * Starts SSO in `browser`, signs in at the IdP's form, and returns the callback URL the IdP
 * redirected to (not yet delivered to the API).
 */
export async function signInAtIdp(
  harness: Harness,
  browser: TestBrowser,
  input: { connectionId: string; email: string; password: string; returnTo?: string },
): Promise<URL> {
  const started = await browser.mutation<{ redirectUrl: string }>("auth.startSso", {
    connectionId: input.connectionId,
    email: input.email,
    ...(input.returnTo !== undefined ? { returnTo: input.returnTo } : {}),
  });
  if (!started.data) throw new Error(`startSso failed: ${started.appCode ?? started.status}`);
  return signInWithoutBrowser({
    authorizationUrl: started.data.redirectUrl,
    email: input.email,
    password: input.password,
    redirectUri: harness.redirectUri,
  });
}

/** Delivers the IdP's redirect to an API instance; returns the 303 Location. */
export async function deliverCallback(browser: TestBrowser, callbackUrl: URL): Promise<{ status: number; location: string; response: Response }> {
  const response = await browser.fetch(`${browser.apiUrl}${callbackUrl.pathname}${callbackUrl.search}`);
  await response.body?.cancel();
  return { status: response.status, location: response.headers.get("location") ?? "", response };
}

/**
 * The admin's Test sign-in end to end: sso.testSignIn as `admin`, `email` signs in at the IdP's
 * form, and the callback is delivered over HTTP with the admin's session cookies.
 */
export async function runTestSignIn(
  harness: Harness,
  admin: { id: string; organizationId: string },
  input: { connectionId: string; email: string; password: string },
) {
  const { caller, cookies } = await signedInCaller(harness.api.deps, admin);
  const { redirectUrl, attemptId } = await caller.sso.testSignIn({ connectionId: input.connectionId });
  const callbackUrl = await signInWithoutBrowser({ authorizationUrl: redirectUrl, email: input.email, password: input.password, redirectUri: harness.redirectUri });
  const browser = harness.browser();
  for (const [name, value] of cookies.values) browser.cookies.set(name, value);
  const { location } = await deliverCallback(browser, callbackUrl);
  return { caller, attemptId, location, browser };
}

export { anonymousCaller, signedInCaller };
