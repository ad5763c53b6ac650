/** ID token validation against a misbehaving provider. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { devRp, expectSsoError, signIn } from "./helpers/flow";

let fake: FakeIdp;
beforeAll(async () => {
  fake = await startFakeIdp();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const secrets = () => [fake.clientSecret, fake.config.accessToken];

describe("ID token validation", () => {
  it("accepts a well-formed token and returns the normalised identity", async () => {
    const identity = await signIn(devRp(), fake);
    expect(identity).toMatchObject({
      subject: "00u-fake-user",
      email: "jane.doe@example.com",
      emailVerified: true,
      name: "Jane Doe",
      issuer: fake.issuer,
      usedUserInfo: false,
    });
    expect(identity.claims.email).toBe("Jane.Doe@Example.com");
    expect(identity.idToken.split(".")).toHaveLength(3);
  });

  const claimCases: [string, (c: Record<string, unknown>) => void][] = [
    ["wrong iss", (c) => (c.iss = "https://evil.example/oauth2/default")],
    ["missing iss", (c) => delete c.iss],
    ["wrong aud", (c) => (c.aud = "someone-else")],
    ["missing aud", (c) => delete c.aud],
    ["extra aud without azp", (c) => (c.aud = [fake.clientId, "other"])],
    ["extra aud with foreign azp", (c) => ((c.aud = [fake.clientId, "other"]), (c.azp = "other"))],
    ["missing sub", (c) => delete c.sub],
    ["non-string sub", (c) => (c.sub = 42)],
    ["empty sub", (c) => (c.sub = "")],
    ["sub over 255 characters", (c) => (c.sub = "s".repeat(256))],
    ["missing iat", (c) => delete c.iat],
    ["iat too old (beyond maxIdTokenAgeSec)", (c) => (c.iat = Math.floor(Date.now() / 1000) - 3600)],
    ["iat in the future", (c) => (c.iat = Math.floor(Date.now() / 1000) + 3600)],
    ["expired", (c) => (c.exp = Math.floor(Date.now() / 1000) - 120)],
    ["not yet valid (nbf)", (c) => (c.nbf = Math.floor(Date.now() / 1000) + 3600)],
    ["wrong nonce", (c) => (c.nonce = "not-the-nonce")],
    ["missing nonce", (c) => delete c.nonce],
  ];
  for (const [name, mutate] of claimCases) {
    it(`rejects ${name} with sso_token_invalid`, async () => {
      fake.config.claims = mutate;
      await expectSsoError(signIn(devRp(), fake), "sso_token_invalid", secrets());
    });
  }

  it("tolerates small clock skew within clockToleranceSec", async () => {
    fake.config.claims = (c) => (c.nbf = Math.floor(Date.now() / 1000) + 30);
    await expect(signIn(devRp(), fake)).resolves.toMatchObject({ subject: "00u-fake-user" });
  });

  it("rejects a bad signature (same kid, different key)", async () => {
    fake.config.signWith = "unpublished";
    await expectSsoError(signIn(devRp(), fake), "sso_token_invalid", secrets());
  });

  it('rejects alg "none"', async () => {
    fake.config.signWith = "none";
    await expectSsoError(signIn(devRp(), fake), "sso_token_invalid", secrets());
  });

  it("rejects HS256 even when the provider advertises it (client secret as key)", async () => {
    fake.config.signWith = "hs256";
    fake.config.discovery.id_token_signing_alg_values_supported = ["RS256", "HS256"];
    await expectSsoError(signIn(devRp(), fake), "sso_token_invalid", secrets());
  });

  it("refuses a provider that only offers HS256 / none", async () => {
    fake.config.discovery.id_token_signing_alg_values_supported = ["HS256", "none"];
    const check = await devRp().checkIssuer(fake.issuer);
    expect(check).toMatchObject({ ok: false, code: "issuer_unsupported" });
  });

  it("accepts a token without kid when the JWKS has exactly one key", async () => {
    fake.config.omitKid = true;
    fake.config.publishAllKeys = false;
    await expect(signIn(devRp(), fake)).resolves.toMatchObject({ subject: "00u-fake-user" });
  });

  it("rejects a token without kid when the JWKS has several keys", async () => {
    const rp = devRp();
    await signIn(rp, fake); // ensure at least one earlier key exists
    await fake.rotate();
    fake.config.omitKid = true;
    fake.config.publishAllKeys = true;
    await expectSsoError(signIn(devRp(), fake), "sso_token_invalid", secrets());
  });

  it("refetches the JWKS on an unknown kid (key rotation between two sign-ins)", async () => {
    const rp = devRp();
    await signIn(rp, fake);
    const jwksFetches = () => fake.requests.filter((r) => r.path.endsWith("/v1/keys")).length;
    expect(jwksFetches()).toBe(1);
    const rotated = await fake.rotate();
    const identity = await signIn(rp, fake);
    const header = JSON.parse(Buffer.from(identity.idToken.split(".")[0] ?? "", "base64url").toString()) as { kid?: string };
    expect(header.kid).toBe(rotated.kid);
    expect(jwksFetches()).toBe(2);
  });

  it("does not refetch the JWKS within the cool-down (unknown kid is rejected)", async () => {
    const rp = devRp({ jwksRefetchCooldownMs: 10 * 60_000 });
    await signIn(rp, fake);
    await fake.rotate();
    await expectSsoError(signIn(rp, fake), "sso_token_invalid", secrets());
    expect(fake.requests.filter((r) => r.path.endsWith("/v1/keys"))).toHaveLength(1);
  });
});
