/** Authorization response handling, client authentication, UserInfo and claim mapping. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { devRp, expectSsoError, signIn } from "./helpers/flow";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const tokenCalls = () => fake.requests.filter((r) => r.path.endsWith("/v1/token"));
const secrets = () => [fake.clientSecret, fake.config.accessToken];

describe("authorization request", () => {
  it("uses code flow with PKCE S256, fresh state/nonce, configured scopes and login_hint", async () => {
    const rp = devRp();
    const connection = { issuer: fake.issuer, clientId: fake.clientId, clientSecret: "x", tokenEndpointAuthMethod: "client_secret_basic" as const, scopes: "profile email groups", emailClaim: "email", nameClaim: "name", requireVerifiedEmail: true };
    const a = await rp.startAuthorization({ connection, redirectUri: "https://app/cb", loginHint: " jane@example.com " });
    const b = await rp.startAuthorization({ connection, redirectUri: "https://app/cb" });
    const url = new URL(a.url);
    expect(url.origin + url.pathname).toBe(`${fake.issuer}/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code", client_id: fake.clientId, redirect_uri: "https://app/cb", scope: "openid profile email groups",
      state: a.transaction.state, nonce: a.transaction.nonce, code_challenge_method: "S256", login_hint: "jane@example.com",
    });
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(new URL(b.url).searchParams.has("login_hint")).toBe(false);
    expect(a.transaction.state).not.toBe(b.transaction.state);
    expect(a.transaction.nonce).not.toBe(b.transaction.nonce);
    expect(a.transaction.codeVerifier).not.toBe(b.transaction.codeVerifier);
  });
});

describe("callback validation (before any token call)", () => {
  const cases: [string, (p: URLSearchParams) => void, string][] = [
    ["missing state", (p) => p.delete("state"), "sso_state_invalid"],
    ["unknown state", (p) => p.set("state", "forged-state"), "sso_state_invalid"],
    ["duplicated state", (p) => p.append("state", p.get("state") ?? ""), "sso_state_invalid"],
    ["wrong iss", (p) => p.set("iss", "https://evil.example/oauth2/default"), "sso_idp_response_invalid"],
    ["missing iss while advertised", (p) => p.delete("iss"), "sso_idp_response_invalid"],
  ];
  for (const [name, mutate, code] of cases) {
    it(`rejects ${name}`, async () => {
      await expectSsoError(signIn(devRp(), fake, { callback: mutate }), code as "sso_state_invalid");
      expect(tokenCalls()).toHaveLength(0);
    });
  }

  it("accepts a missing iss when the provider does not advertise RFC 9207", async () => {
    fake.config.discovery.authorization_response_iss_parameter_supported = false;
    await expect(signIn(devRp(), fake, { callback: (p) => p.delete("iss") })).resolves.toMatchObject({ subject: "00u-fake-user" });
  });

  it("maps an IdP error (access_denied) to sso_idp_rejected with sanitised diagnostics", async () => {
    const err = await expectSsoError(
      signIn(devRp(), fake, {
        callback: (p) => {
          p.delete("code");
          p.set("error", "access_denied");
          p.set("error_description", `User is not assigned to the client application.\u0000\n${"x".repeat(500)}`);
        },
      }),
      "sso_idp_rejected",
    );
    expect(err.idpError).toBe("access_denied");
    expect(err.idpErrorDescription?.startsWith("User is not assigned to the client application.")).toBe(true);
    expect(err.idpErrorDescription?.length).toBeLessThanOrEqual(201);
    expect(err.idpErrorDescription).toMatch(/^[\x20-\x7e…]+$/);
    expect(err.message).not.toContain("access_denied"); // diagnostics are for admins, not the message
    expect(tokenCalls()).toHaveLength(0);
  });

  it("does not trust an IdP error that carries a forged state", async () => {
    await expectSsoError(signIn(devRp(), fake, { callback: (p) => (p.set("error", "access_denied"), p.set("state", "x")) }), "sso_state_invalid");
  });
});

describe("client authentication at the token endpoint", () => {
  for (const method of ["client_secret_basic", "client_secret_post"] as const) {
    it(`${method} works with a secret containing : & + % =`, async () => {
      await expect(signIn(devRp(), fake, { connection: { tokenEndpointAuthMethod: method } })).resolves.toMatchObject({ subject: "00u-fake-user" });
      const call = tokenCalls()[0];
      if (method === "client_secret_basic") {
        expect(call?.authorization).toMatch(/^Basic /);
        expect(call?.body).not.toContain("client_secret");
      } else {
        expect(call?.authorization).toBeUndefined();
        expect(new URLSearchParams(call?.body).get("client_secret")).toBe(fake.clientSecret);
      }
      expect(new URLSearchParams(call?.body).get("code_verifier")).toMatch(/^[\w-]{43,128}$/);
    });
  }

  it("a wrong secret is sso_token_exchange_failed and never leaks the secret", async () => {
    const err = await expectSsoError(signIn(devRp(), fake, { connection: { clientSecret: "wrong-secret-value" } }), "sso_token_exchange_failed", ["wrong-secret-value", fake.clientSecret]);
    expect(err.idpError).toBe("invalid_client");
  });
});

describe("UserInfo fallback and claim mapping", () => {
  it("fetches UserInfo when the ID token lacks email, and uses it", async () => {
    fake.config.claims = (c) => (delete c.email, delete c.email_verified, delete c.name);
    fake.config.userinfo = { sub: "00u-fake-user", email: "From.UserInfo@Example.com", email_verified: true, name: "From UserInfo" };
    const identity = await signIn(devRp(), fake);
    expect(identity).toMatchObject({ email: "from.userinfo@example.com", name: "From UserInfo", usedUserInfo: true });
    expect(fake.requests.filter((r) => r.path.endsWith("/v1/userinfo"))).toHaveLength(1);
  });

  it("does not call UserInfo when the ID token has the mapped claims", async () => {
    await signIn(devRp(), fake);
    expect(fake.requests.filter((r) => r.path.endsWith("/v1/userinfo"))).toHaveLength(0);
  });

  it("rejects a UserInfo response whose sub differs from the ID token", async () => {
    fake.config.claims = (c) => delete c.email;
    fake.config.userinfo = { sub: "someone-else", email: "victim@example.com", email_verified: true };
    await expectSsoError(signIn(devRp(), fake), "sso_idp_response_invalid", secrets());
  });

  it("honours custom claim names", async () => {
    fake.config.claims = (c) => ((c.upn = "Custom@Example.com"), (c.display = "Custom Name"));
    const identity = await signIn(devRp(), fake, { connection: { emailClaim: "upn", nameClaim: "display" } });
    expect(identity).toMatchObject({ email: "custom@example.com", name: "Custom Name", usedUserInfo: false });
  });

  const emailCases: [string, (c: Record<string, unknown>) => void, string][] = [
    ['email_verified "false" string', (c) => (c.email_verified = "false"), "sso_email_unverified"],
    ['email_verified "true" string', (c) => (c.email_verified = "true"), "sso_email_unverified"],
    ["email_verified absent (ID token and UserInfo)", (c) => delete c.email_verified, "sso_email_unverified"],
    ["email_verified false", (c) => (c.email_verified = false), "sso_email_unverified"],
    ["padded email", (c) => (c.email = " jane@example.com"), "sso_email_invalid"],
    ["full-width at sign", (c) => (c.email = "jane＠example.com"), "sso_email_invalid"],
    ["Cyrillic look-alike", (c) => (c.email = "jаne@example.com"), "sso_email_invalid"],
    ["zero-width character", (c) => (c.email = "ja\u200bne@example.com"), "sso_email_invalid"],
    ["non-string email", (c) => (c.email = ["jane@example.com"]), "sso_email_invalid"],
  ];
  for (const [name, mutate, code] of emailCases) {
    it(`${name} → ${code}`, async () => {
      fake.config.claims = mutate;
      fake.config.userinfo = { sub: "00u-fake-user", email: "Jane.Doe@Example.com", name: "Jane Doe" };
      await expectSsoError(signIn(devRp(), fake), code as "sso_email_invalid", secrets());
    });
  }

  it("takes email_verified from UserInfo only when it vouches for the same address", async () => {
    fake.config.claims = (c) => delete c.email_verified;
    fake.config.userinfo = { sub: "00u-fake-user", email: "jane.doe@example.com", email_verified: true };
    await expect(signIn(devRp(), fake)).resolves.toMatchObject({ emailVerified: true, usedUserInfo: true });
    fake.config.userinfo = { sub: "00u-fake-user", email: "other@example.com", email_verified: true };
    await expectSsoError(signIn(devRp(), fake), "sso_email_unverified");
  });

  it("missing email everywhere → sso_email_missing", async () => {
    fake.config.claims = (c) => delete c.email;
    fake.config.userinfo = { sub: "00u-fake-user", name: "No Mail" };
    await expectSsoError(signIn(devRp(), fake), "sso_email_missing", secrets());
  });

  it("unverified email is accepted when the connection does not require verification", async () => {
    fake.config.claims = (c) => delete c.email_verified;
    const identity = await signIn(devRp(), fake, { connection: { requireVerifiedEmail: false } });
    expect(identity.emailVerified).toBeNull();
  });
});
