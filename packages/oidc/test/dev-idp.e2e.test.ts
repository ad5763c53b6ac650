/** End to end against the Okta-like dev IdP (oidc-provider), driving its sign-in page over HTTP. */
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { signInWithoutBrowser } from "@jams/dev-idp/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CLAIM_MAPPING, DEFAULT_SCOPES, type ConnectionSettings, type RelyingParty } from "../src/relying-party";
import { devRp, expectSsoError } from "./helpers/flow";

const REDIRECT_URI = "http://127.0.0.1:3000/auth/sso/callback";
const SECRET = "dev:secret&with+special%chars=";
let idp: DevIdp;

beforeAll(async () => {
  idp = await startDevIdp({
    clients: [
      { clientId: "jams-basic", clientSecret: SECRET, redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_basic" },
      { clientId: "jams-post", clientSecret: SECRET, redirectUris: [REDIRECT_URI], tokenEndpointAuthMethod: "client_secret_post" },
    ],
    users: [
      { email: "Ada@Example.com", name: "Ada Lovelace", password: "correct horse" },
      { email: "unassigned@example.com", name: "Not Assigned", password: "pw", assigned: false },
      { email: "unverified@example.com", name: "Un Verified", password: "pw", emailVerified: false },
    ],
  });
});
afterAll(() => idp.close());

function connection(clientId: string, method: ConnectionSettings["tokenEndpointAuthMethod"]): ConnectionSettings {
  return { issuer: idp.issuer, clientId, clientSecret: SECRET, tokenEndpointAuthMethod: method, scopes: DEFAULT_SCOPES, ...DEFAULT_CLAIM_MAPPING, requireVerifiedEmail: true };
}

async function fullSignIn(rp: RelyingParty, conn: ConnectionSettings, email: string, password: string) {
  const { url, transaction } = await rp.startAuthorization({ connection: conn, redirectUri: REDIRECT_URI, loginHint: email });
  const callbackUrl = await signInWithoutBrowser({ authorizationUrl: url, email, password, redirectUri: REDIRECT_URI });
  return rp.completeAuthorization({ connection: conn, redirectUri: REDIRECT_URI, callbackUrl, transaction });
}

const kidOf = (jwt: string): unknown => (JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString()) as { kid?: unknown }).kid;

describe("dev IdP end to end", () => {
  it("checkIssuer accepts the path issuer exactly", async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/default$/);
    expect(await devRp().checkIssuer(idp.issuer)).toMatchObject({ ok: true, issuer: idp.issuer, endSessionEndpoint: `${idp.issuer}/session/end` });
  });

  for (const [clientId, method] of [["jams-basic", "client_secret_basic"], ["jams-post", "client_secret_post"]] as const) {
    it(`signs in with ${method}`, async () => {
      const identity = await fullSignIn(devRp(), connection(clientId, method), "ada@example.com", "correct horse");
      expect(identity).toMatchObject({ email: "ada@example.com", emailVerified: true, name: "Ada Lovelace", issuer: idp.issuer, usedUserInfo: true });
      expect(identity.subject).toBeTruthy();
    });
  }

  it("survives a key rotation between two sign-ins (JWKS refetched on the unknown kid)", async () => {
    const rp = devRp();
    const conn = connection("jams-basic", "client_secret_basic");
    const first = await fullSignIn(rp, conn, "ada@example.com", "correct horse");
    const jwksBefore = idp.requestLog.filter((p) => p.endsWith("/jwks")).length;
    await idp.rotateKeys();
    const second = await fullSignIn(rp, conn, "ada@example.com", "correct horse");
    expect(kidOf(second.idToken)).not.toBe(kidOf(first.idToken));
    expect(idp.requestLog.filter((p) => p.endsWith("/jwks")).length).toBe(jwksBefore + 1);
  });

  it("an unassigned user comes back as sso_idp_rejected with access_denied", async () => {
    const err = await expectSsoError(fullSignIn(devRp(), connection("jams-basic", "client_secret_basic"), "unassigned@example.com", "pw"), "sso_idp_rejected", [SECRET]);
    expect(err.idpError).toBe("access_denied");
    expect(err.idpErrorDescription).toBe("User is not assigned to the client application.");
  });

  it("an unverified email is refused when verification is required", async () => {
    await expectSsoError(fullSignIn(devRp(), connection("jams-post", "client_secret_post"), "unverified@example.com", "pw"), "sso_email_unverified", [SECRET]);
  });

  it("builds an RP-initiated logout URL", async () => {
    const url = await devRp().endSessionUrl({ connection: connection("jams-basic", "client_secret_basic"), idTokenHint: "x.y.z", postLogoutRedirectUri: "http://127.0.0.1:3000/login" });
    expect(url).not.toBeNull();
    const parsed = new URL(url ?? "");
    expect(parsed.origin + parsed.pathname).toBe(`${idp.issuer}/session/end`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ client_id: "jams-basic", post_logout_redirect_uri: "http://127.0.0.1:3000/login", id_token_hint: "x.y.z" });
  });
});
