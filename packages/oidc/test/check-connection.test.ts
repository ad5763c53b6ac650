/**
 * Check connection against real IdP processes: the oidc-provider dev IdP (specific error pages),
 * the same IdP answering every authorize error with one generic page, and the fake IdP for an
 * IdP that defers its checks to its sign-in page.
 */
import http from "node:http";
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CLAIM_MAPPING, DEFAULT_SCOPES, type ConnectionCheck, type ConnectionSettings } from "../src/relying-party";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { connectionFor, devRp, REDIRECT_URI as FAKE_REDIRECT } from "./helpers/flow";

const REDIRECT_URI = "http://127.0.0.1:3000/auth/sso/callback";
const SECRET = "check:secret&with+special%chars=";
let idp: DevIdp;
let generic: DevIdp;

const clients = [
  { clientId: "jams-basic", clientSecret: SECRET, redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_basic" as const },
  { clientId: "jams-post", clientSecret: SECRET, redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_post" as const },
  { clientId: "jams-other-uri", clientSecret: SECRET, redirectUris: ["http://127.0.0.1:3000/callback"], tokenEndpointAuthMethod: "client_secret_basic" as const },
];

beforeAll(async () => {
  idp = await startDevIdp({ clients, users: [] });
  generic = await startDevIdp({ clients, users: [], genericAuthorizeErrors: true });
});
afterAll(async () => {
  await idp.close();
  await generic.close();
});

function conn(on: DevIdp, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {
    issuer: on.issuer,
    clientId: "jams-basic",
    clientSecret: SECRET,
    tokenEndpointAuthMethod: "client_secret_basic",
    scopes: DEFAULT_SCOPES,
    ...DEFAULT_CLAIM_MAPPING,
    requireVerifiedEmail: true,
    ...overrides,
  };
}

const check = (on: DevIdp, overrides: Partial<ConnectionSettings> = {}): Promise<ConnectionCheck> =>
  devRp().checkConnection({ connection: conn(on, overrides), redirectUri: REDIRECT_URI });

const codes = (result: ConnectionCheck) => result.findings.map((f) => `${f.field ?? "-"}:${f.code}`);

function expectNoSecret(result: ConnectionCheck) {
  expect(JSON.stringify(result)).not.toContain(SECRET);
}

describe("Check connection against the dev IdP (oidc-provider)", () => {
  it("proves all four settings for a correct connection, with both methods", async () => {
    for (const [clientId, method] of [["jams-basic", "client_secret_basic"], ["jams-post", "client_secret_post"]] as const) {
      const result = await check(idp, { clientId, tokenEndpointAuthMethod: method });
      expect(result).toMatchObject({ status: "ok", redirectUri: "verified", clientId: "verified", clientSecret: "verified", authMethod: "verified", findings: [] });
      expect(result.answers[0]).toMatchObject({ endpoint: "authorize", error: "login_required" });
      expect(result.answers[1]).toMatchObject({ endpoint: "token", error: "invalid_grant", httpStatus: 400 });
    }
  });

  it("1: names the unregistered Redirect URI from the IdP's invalid_redirect_uri page", async () => {
    const result = await check(idp, { clientId: "jams-other-uri" });
    expect(result.status).toBe("problems");
    expect(codes(result)).toEqual(["redirectUri:sso_redirect_uri_not_registered"]);
    expect(result.answers[0]).toMatchObject({ httpStatus: 400 });
    expect(result.answers[0]?.body).toContain("invalid_redirect_uri");
  });

  it("2: names the wrong Client ID from the IdP's invalid_client page", async () => {
    const result = await check(idp, { clientId: "jams-typo" });
    expect(codes(result)).toEqual(["clientId:sso_client_unknown"]);
    expect(result.clientSecret).toBe("unknown");
  });

  it("3: names the wrong Client Secret (invalid_client with both methods, client known)", async () => {
    const result = await check(idp, { clientSecret: "not-the-secret" });
    expect(codes(result)).toEqual(["clientSecret:sso_client_secret_invalid"]);
    expect(result.answers.filter((a) => a.endpoint === "token").map((a) => [a.authMethod, a.error, a.httpStatus])).toEqual([
      ["client_secret_basic", "invalid_client", 401],
      ["client_secret_post", "invalid_client", 401],
    ]);
    expect(JSON.stringify(result)).not.toContain("not-the-secret");
  });

  it("4: names the method the IdP accepts, in both directions", async () => {
    const basicConfigured = await check(idp, { clientId: "jams-post", tokenEndpointAuthMethod: "client_secret_basic" });
    expect(codes(basicConfigured)).toEqual(["tokenEndpointAuthMethod:sso_client_auth_method_mismatch"]);
    expect(basicConfigured.findings[0]?.suggestedAuthMethod).toBe("client_secret_post");
    expect(basicConfigured.clientSecret).toBe("verified");
    const postConfigured = await check(idp, { clientId: "jams-basic", tokenEndpointAuthMethod: "client_secret_post" });
    expect(codes(postConfigured)).toEqual(["tokenEndpointAuthMethod:sso_client_auth_method_mismatch"]);
    expect(postConfigured.findings[0]?.suggestedAuthMethod).toBe("client_secret_basic");
    expectNoSecret(basicConfigured);
    expectNoSecret(postConfigured);
  });
});

describe("Check connection against an IdP with one generic authorize error page", () => {
  it("1: still names the Redirect URI, because the token endpoint accepts the client", async () => {
    const result = await check(generic, { clientId: "jams-other-uri" });
    expect(codes(result)).toEqual(["redirectUri:sso_redirect_uri_not_registered"]);
    expect(result.findings[0]?.inferred).toBeTruthy();
    expect(result.answers[0]?.body).toContain("Sorry, something went wrong");
  });

  it("2: names the Client ID, saying what is inferred", async () => {
    const result = await check(generic, { clientId: "jams-typo" });
    expect(codes(result)).toEqual(["clientId:sso_client_unknown"]);
    expect(result.findings[0]?.inferred).toMatch(/Redirect URI and the Client Secret/);
  });
});

describe("Check connection never reports a false all good", () => {
  let fake: FakeIdp;
  let loginPage: http.Server;
  beforeAll(async () => {
    fake = await startFakeIdp();
    loginPage = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<form><label>Username</label></form>"));
    await new Promise<void>((resolve) => loginPage.listen(0, "127.0.0.1", resolve));
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
    await new Promise<void>((resolve) => loginPage.close(() => resolve()));
  });

  it("an IdP that redirects to its sign-in page: Redirect URI unverified, inconclusive, not ok", async () => {
    const port = (loginPage.address() as { port: number }).port;
    fake.config.discovery.authorization_endpoint = `http://127.0.0.1:${port}/authorize`;
    const result = await devRp().checkConnection({ connection: connectionFor(fake), redirectUri: FAKE_REDIRECT });
    expect(result.status).toBe("inconclusive");
    expect(result.redirectUri).toBe("unknown");
    expect(codes(result)).toEqual(["redirectUri:sso_check_inconclusive"]);
    expect(result.findings[0]?.fix).toMatch(/could not verify the Redirect URI before sign-in/i);
    expect(result.clientSecret).toBe("verified"); // the token probe still proved the credentials
  });

  it("a 401 whose invalid_client is only in WWW-Authenticate still counts as rejected", async () => {
    fake.config.override.token = (_req, res) => {
      res.writeHead(401, { "www-authenticate": 'Basic realm="x", error="invalid_client", error_description="bad secret"' }).end();
    };
    const result = await devRp().checkConnection({ connection: connectionFor(fake), redirectUri: FAKE_REDIRECT });
    expect(result.clientSecret).toBe("invalid");
    expect(result.answers.find((a) => a.endpoint === "token")).toMatchObject({ httpStatus: 401, error: "invalid_client", errorDescription: "bad secret" });
  });
});
