/**
 * Every failure keeps what the IdP said (error, error_description, HTTP status, which time claim
 * and by how much, the claims received) and the fix is chosen from that evidence.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { explainFailure } from "../src/diagnose";
import type { SsoError } from "../src/errors";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { devRp, expectSsoError, signIn } from "./helpers/flow";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const explain = (err: SsoError, emailClaim = "email") =>
  explainFailure({ code: err.code, idpError: err.idpError, idpErrorDescription: err.idpErrorDescription, evidence: err.evidence, emailClaim });

describe("token endpoint failures keep the IdP's answer", () => {
  it("3/4: a 401 invalid_client only in WWW-Authenticate keeps error, description and status", async () => {
    fake.config.override.token = (_req, res) => {
      res.writeHead(401, { "www-authenticate": 'Basic realm="okta", error="invalid_client", error_description="Client authentication failed."' }).end();
    };
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_exchange_failed", [fake.clientSecret]);
    expect(err.idpError).toBe("invalid_client");
    expect(err.idpErrorDescription).toBe("Client authentication failed.");
    expect(err.evidence?.httpStatus).toBe(401);
    expect(explain(err).fix).toMatch(/Client Secret is wrong, or the client authentication method/);
    expect(explain(err).fix).not.toMatch(/Redirect URI/);
  });

  it("3: a JSON invalid_client keeps the status too, and the fix is secret/method", async () => {
    const err = await expectSsoError(signIn(devRp(), fake, { connection: { clientSecret: "wrong" } }), "sso_token_exchange_failed", ["wrong"]);
    expect([err.idpError, err.evidence?.httpStatus]).toEqual(["invalid_client", 401]);
    expect(explain(err).cause).toMatch(/HTTP 401/);
  });
});

describe("14: clock skew names the claim and the offset", () => {
  it("iat ahead", async () => {
    fake.config.claims = (c) => (c.iat = Math.floor(Date.now() / 1000) + 300);
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_invalid");
    expect(err.evidence?.clockSkew?.claim).toBe("iat");
    expect(err.evidence?.clockSkew?.offsetSec).toBeGreaterThanOrEqual(298);
    expect(err.evidence?.clockSkew?.offsetSec).toBeLessThanOrEqual(300);
    expect(explain(err).cause).toMatch(/"iat".*s in the future/);
    expect(explain(err).fix).toMatch(/NTP/);
  });

  it("exp past", async () => {
    fake.config.claims = (c) => (c.exp = Math.floor(Date.now() / 1000) - 200);
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_invalid");
    expect(err.evidence?.clockSkew).toMatchObject({ claim: "exp", toleranceSec: 60 });
    expect(Math.abs((err.evidence?.clockSkew?.offsetSec ?? 0) + 200)).toBeLessThanOrEqual(2);
    expect(explain(err).cause).toMatch(/already expired.*"exp".*s in the past/);
  });

  it("nbf ahead", async () => {
    fake.config.claims = (c) => (c.nbf = Math.floor(Date.now() / 1000) + 7200);
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_invalid");
    expect(err.evidence?.clockSkew?.claim).toBe("nbf");
    expect(explain(err).fix).toMatch(/too large for clock drift/);
  });

  it("the offset appears in the error's JSON (for logs), the claims do not", async () => {
    fake.config.claims = (c) => (c.iat = Math.floor(Date.now() / 1000) + 300);
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_invalid");
    expect(JSON.stringify(err)).toContain('"claim":"iat"');
  });
});

describe("13: a signing key that is not published is named as such", () => {
  it("kid absent from the JWKS even after refetch", async () => {
    fake.config.publishAllKeys = false;
    const rotated = await fake.rotate(); // signs with the new key …
    fake.config.override.jwks = (_req, res) => {
      // … but the JWKS still only lists the keys from before the rotation.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [] }));
    };
    expect(rotated.kid).toBeTruthy();
    const err = await expectSsoError(signIn(devRp(), fake), "sso_token_invalid");
    expect(err.evidence?.signingKeyNotPublished).toBe(true);
    expect(explain(err).cause).toMatch(/does not publish/);
  });
});

describe("claim failures carry the claims received", () => {
  it("11: no email claim, Entra-style upn: names upn as the claim to map", async () => {
    fake.config.claims = (c) => {
      delete c.email;
      delete c.email_verified;
      c.upn = "jane.doe@example.com";
    };
    fake.config.userinfo = { sub: "00u-fake-user", name: "Jane Doe" };
    const err = await expectSsoError(signIn(devRp(), fake), "sso_email_missing");
    expect(err.evidence?.received?.idToken.upn).toBe("jane.doe@example.com");
    expect(err.evidence?.received?.userInfo).toMatchObject({ name: "Jane Doe" });
    expect(err.evidence?.received?.idToken).not.toHaveProperty("nonce");
    expect(explain(err).fix).toMatch(/Set Email claim \(Claim mappings\) to upn/);
    expect(JSON.stringify(err)).not.toContain("jane.doe@example.com");
  });

  it("10: email_verified false keeps the claims", async () => {
    fake.config.claims = (c) => (c.email_verified = false);
    const err = await expectSsoError(signIn(devRp(), fake), "sso_email_unverified");
    expect(err.evidence?.received?.idToken.email_verified).toBe(false);
  });

  it("a successful sign-in returns every claim received", async () => {
    fake.config.claims = (c) => (c.groups = ["Everyone", "Engineering"]);
    const identity = await signIn(devRp(), fake);
    expect(identity.received.idToken).toMatchObject({ email: "Jane.Doe@Example.com", sub: "00u-fake-user", groups: '["Everyone","Engineering"]' });
  });
});

describe("9: authorization errors are explained from the IdP's description", () => {
  it("access_denied + not assigned → assign the user, never redirect URI advice", async () => {
    const err = await expectSsoError(
      signIn(devRp(), fake, {
        callback: (p) => {
          p.delete("code");
          p.set("error", "access_denied");
          p.set("error_description", "User is not assigned to the client application.");
        },
      }),
      "sso_idp_rejected",
    );
    const { cause, fix } = explain(err);
    expect(fix).toMatch(/Assign the user/);
    expect(fix).not.toMatch(/Redirect URI/);
    expect(cause).toMatch(/Redirect URI and Client ID are registered correctly/);
  });
});
