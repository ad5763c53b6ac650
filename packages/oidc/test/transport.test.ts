/** Token endpoint faults, outbound safety (SSRF, redirects, size, time) and caching. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRelyingParty } from "../src/relying-party";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { connectionFor, devRp, expectSsoError, REDIRECT_URI, signIn } from "./helpers/flow";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const secrets = () => [fake.clientSecret, fake.config.accessToken];

describe("token endpoint faults", () => {
  it("invalid_grant → sso_token_exchange_failed with the IdP error kept for admins", async () => {
    const err = await expectSsoError(signIn(devRp(), fake, { callback: (p) => p.set("code", "expired-code") }), "sso_token_exchange_failed", secrets());
    expect(err.idpError).toBe("invalid_grant");
    expect(err.idpErrorDescription).toContain("expired");
  });

  it("HTTP 500 → sso_token_exchange_failed", async () => {
    fake.config.override.token = (_q, res) => res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
    await expectSsoError(signIn(devRp(), fake), "sso_token_exchange_failed", secrets());
  });

  it("HTML body with status 200 → sso_idp_response_invalid", async () => {
    fake.config.override.token = (_q, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in</body></html>");
    await expectSsoError(signIn(devRp(), fake), "sso_idp_response_invalid", secrets());
  });

  it("a token response without id_token → sso_idp_response_invalid", async () => {
    fake.config.override.token = (_q, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: fake.config.accessToken, token_type: "Bearer" }));
    await expectSsoError(signIn(devRp(), fake), "sso_idp_response_invalid", secrets());
  });

  it("oversized body is cut off → sso_idp_response_invalid", async () => {
    const big = JSON.stringify({ access_token: "x", token_type: "Bearer", padding: "a".repeat(200_000) });
    fake.config.override.token = (_q, res) => res.writeHead(200, { "content-type": "application/json" }).end(big);
    await expectSsoError(signIn(devRp({ maxResponseBytes: 64 * 1024 }), fake), "sso_idp_response_invalid", secrets());
  });

  it("a stalled token endpoint times out → sso_idp_unreachable", async () => {
    fake.config.override.token = () => undefined; // never answers
    const rp = devRp({ timeoutMs: 2_000 });
    await rp.checkIssuer(fake.issuer); // warm discovery so only the token call is timed
    const started = Date.now();
    await expectSsoError(signIn(rp, fake), "sso_idp_unreachable", secrets());
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a body that stalls after the headers also times out", async () => {
    fake.config.override.token = (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"access_token":');
    };
    const rp = devRp({ timeoutMs: 2_000 });
    await rp.checkIssuer(fake.issuer);
    await expectSsoError(signIn(rp, fake), "sso_idp_unreachable", secrets());
  });

  it("does not follow redirects (3xx is an error)", async () => {
    fake.config.override.token = (_q, res) => res.writeHead(307, { location: `${fake.origin}/elsewhere` }).end();
    await expectSsoError(signIn(devRp(), fake), "sso_idp_response_invalid", secrets());
    expect(fake.requests.some((r) => r.path === "/elsewhere")).toBe(false);
  });

  it("discovery that now declares another issuer fails the sign-in", async () => {
    fake.config.discovery.issuer = "https://evil.example/oauth2/default";
    await expectSsoError(signIn(devRp(), fake), "sso_idp_response_invalid");
  });
});

describe("caching", () => {
  it("a warm sign-in makes exactly one request to the IdP (the token call)", async () => {
    const rp = devRp();
    await signIn(rp, fake);
    expect(fake.requests.map((r) => r.path)).toEqual([
      "/oauth2/default/.well-known/openid-configuration",
      "/oauth2/default/v1/token",
      "/oauth2/default/v1/keys",
    ]);
    fake.requests.length = 0;
    await signIn(rp, fake);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /oauth2/default/v1/token"]);
  });

  it("a warm sign-in that needs UserInfo makes exactly token + UserInfo", async () => {
    fake.config.claims = (c) => delete c.name;
    const rp = devRp();
    await signIn(rp, fake);
    fake.requests.length = 0;
    await signIn(rp, fake);
    expect(fake.requests.map((r) => r.path)).toEqual(["/oauth2/default/v1/token", "/oauth2/default/v1/userinfo"]);
  });

  it("discovery expires after its TTL", async () => {
    const rp = devRp({ discoveryTtlMs: 1 });
    await signIn(rp, fake);
    await new Promise((r) => setTimeout(r, 5));
    fake.requests.length = 0;
    await signIn(rp, fake);
    // Expired entries are refetched (possibly twice: start and callback are separate calls).
    expect(fake.requests.filter((r) => r.path.endsWith("openid-configuration")).length).toBeGreaterThanOrEqual(1);
  });
});

describe("SSRF protection in production", () => {
  const prodRp = (insecureHosts: string[] = []) => createRelyingParty({ insecureHosts, timeoutMs: 3_000 });

  it("refuses http for a host that is not exempt", async () => {
    const check = await prodRp().checkIssuer(fake.issuer);
    expect(check).toMatchObject({ ok: false, code: "issuer_insecure" });
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses a hostname that resolves to loopback (checked on the resolved address)", async () => {
    const issuer = `https://localhost:${new URL(fake.origin).port}/oauth2/default`;
    const check = await prodRp().checkIssuer(issuer);
    expect(check).toMatchObject({ ok: false, code: "issuer_insecure" });
    expect(fake.requests).toHaveLength(0);
  });

  for (const host of ["10.1.2.3", "169.254.169.254", "[fd00:ec2::254]", "100.64.0.1", "0.0.0.0", "[::1]", "[::ffff:10.0.0.1]"]) {
    it(`refuses ${host} before connecting`, async () => {
      const check = await prodRp().checkIssuer(`https://${host}/oauth2/default`);
      expect(check).toMatchObject({ ok: false, code: "issuer_insecure" });
    });
  }

  it("refuses a discovery document naming a private token endpoint", async () => {
    const port = new URL(fake.origin).port;
    fake.config.discovery.token_endpoint = `https://localhost:${port}/oauth2/default/v1/token`;
    const check = await prodRp(["127.0.0.1"]).checkIssuer(fake.issuer);
    expect(check).toMatchObject({ ok: false, code: "issuer_insecure" });
    expect(check.ok ? "" : check.hint).toContain("token_endpoint");
  });

  it("refuses an http jwks_uri on a non-exempt host, also at sign-in time", async () => {
    fake.config.discovery.jwks_uri = `http://localhost:${new URL(fake.origin).port}/oauth2/default/v1/keys`;
    const rp = prodRp(["127.0.0.1"]);
    expect(await rp.checkIssuer(fake.issuer)).toMatchObject({ ok: false, code: "issuer_insecure" });
    await expectSsoError(rp.startAuthorization({ connection: connectionFor(fake), redirectUri: REDIRECT_URI }), "sso_idp_unreachable");
  });

  it("exempt hosts may use http even in production", async () => {
    await expect(signIn(prodRp(["127.0.0.1"]), fake)).resolves.toMatchObject({ subject: "00u-fake-user" });
  });
});

describe("injected fetch (test seam) keeps the same rules", () => {
  it("signs in, refuses redirects and still applies the production address checks", async () => {
    await expect(signIn(devRp({ fetch: globalThis.fetch }), fake)).resolves.toMatchObject({ subject: "00u-fake-user" });
    fake.config.override.token = (_q, res) => res.writeHead(302, { location: `${fake.origin}/elsewhere` }).end();
    await expectSsoError(signIn(devRp({ fetch: globalThis.fetch }), fake), "sso_idp_response_invalid");
    const prod = createRelyingParty({ insecureHosts: [], fetch: globalThis.fetch });
    expect(await prod.checkIssuer(`https://localhost:${new URL(fake.origin).port}/oauth2/default`)).toMatchObject({ ok: false, code: "issuer_insecure" });
  });
});
