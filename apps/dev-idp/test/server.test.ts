/** The dev IdP behaves like the parts of Okta that JAMS IMES relies on. */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIdp, type DevIdp } from "../src/server";
import { signInWithoutBrowser } from "../src/testing";

const REDIRECT_URI = "http://127.0.0.1:3000/auth/sso/callback";
let idp: DevIdp;
let discovery: Record<string, unknown>;

beforeAll(async () => {
  idp = await startDevIdp({
    clients: [{ clientId: "app", clientSecret: "secret", redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_basic" }],
    users: [
      { email: "ada@example.com", name: "Ada", password: "pw" },
      { email: "bob@example.com", name: "Bob", password: "pw", assigned: false },
    ],
  });
  discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
});
afterAll(() => idp.close());

function authorizeUrl(clientId = "app", extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(String(discovery.authorization_endpoint));
  const params = {
    response_type: "code", client_id: clientId, redirect_uri: REDIRECT_URI, scope: "openid email profile", state: "st", nonce: "n",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

describe("dev IdP", () => {
  it("listens on 127.0.0.1 with an Okta-like path issuer that matches discovery exactly", () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/default$/);
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery).toMatchObject({
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      end_session_endpoint: `${idp.issuer}/session/end`,
    });
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post"]));
  });

  it("serves an accessible sign-in page with labelled Email and Password fields", async () => {
    const res = await fetch(authorizeUrl(), { redirect: "manual" });
    const interaction = new URL(res.headers.get("location") ?? "", idp.url);
    const page = await fetch(interaction, { headers: { cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/<label for="email">Email<\/label>/);
    expect(html).toMatch(/<input id="email" name="email"/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="http/);
  });

  it("requires PKCE", async () => {
    const url = new URL(authorizeUrl());
    url.searchParams.delete("code_challenge");
    url.searchParams.delete("code_challenge_method");
    const res = await fetch(url, { redirect: "manual" });
    const location = new URL(res.headers.get("location") ?? "", idp.url);
    expect(location.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(location.searchParams.get("error")).toBe("invalid_request");
  });

  it("returns code + state + iss after sign-in, without a consent screen", async () => {
    const callback = await signInWithoutBrowser({ authorizationUrl: authorizeUrl(), email: "ADA@example.com", password: "pw", redirectUri: REDIRECT_URI });
    expect(callback.searchParams.get("code")).toBeTruthy();
    expect(callback.searchParams.get("state")).toBe("st");
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
  });

  it("rejects a wrong password by re-rendering the form", async () => {
    await expect(signInWithoutBrowser({ authorizationUrl: authorizeUrl(), email: "ada@example.com", password: "nope", redirectUri: REDIRECT_URI, maxSteps: 4 })).rejects.toThrow(/too many steps|unexpected page/);
  });

  it("sends unassigned users back with error=access_denied, like Okta", async () => {
    const callback = await signInWithoutBrowser({ authorizationUrl: authorizeUrl(), email: "bob@example.com", password: "pw", redirectUri: REDIRECT_URI });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("st");
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
  });

  it("accepts clients added at runtime", async () => {
    idp.addClient({ clientId: "late", clientSecret: "s", redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_post" });
    const callback = await signInWithoutBrowser({ authorizationUrl: authorizeUrl("late"), email: "ada@example.com", password: "pw", redirectUri: REDIRECT_URI });
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("rotateKeys publishes a new signing key and keeps the old one", async () => {
    const kids = async () => ((await (await fetch(String(discovery.jwks_uri))).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const before = await kids();
    await idp.rotateKeys();
    const after = await kids();
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1)).toEqual(before);
  });
});
