/** Issuer intake (checkIssuer): the copy/paste mistakes from the Okta setup guide. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeIdp, type FakeIdp } from "./helpers/fake-idp";
import { devRp } from "./helpers/flow";

let fake: FakeIdp; // Okta-like custom authorization server at /oauth2/default
let org: FakeIdp; // Okta-like org authorization server at the origin
beforeAll(async () => {
  [fake, org] = await Promise.all([startFakeIdp(), startFakeIdp({ issuerPath: "" })]);
});
afterAll(async () => {
  await Promise.all([fake.close(), org.close()]);
});
beforeEach(() => {
  fake.reset();
  org.reset();
});

const failure = (check: Awaited<ReturnType<ReturnType<typeof devRp>["checkIssuer"]>>) => {
  if (check.ok) throw new Error("expected a failure");
  return check;
};

describe("checkIssuer", () => {
  it("accepts the exact issuer (trimming surrounding whitespace)", async () => {
    expect(await devRp().checkIssuer(`  ${fake.issuer}\n`)).toEqual({
      ok: true,
      issuer: fake.issuer,
      endSessionEndpoint: `${fake.issuer}/v1/logout`,
      supportedAuthMethods: ["client_secret_basic", "client_secret_post"],
    });
  });

  it.each(["", "okta.com/oauth2/default", "not a url", "ftp://example.com", "https://example.com/oauth2/default?x=1", "https://user:pw@example.com"])(
    "rejects %j as issuer_invalid",
    async (input) => {
      expect(await devRp().checkIssuer(input)).toMatchObject({ ok: false, code: "issuer_invalid" });
    },
  );

  it("recognises a pasted discovery URL and suggests stripping the suffix", async () => {
    const check = failure(await devRp().checkIssuer(`${fake.issuer}/.well-known/openid-configuration`));
    expect(check.code).toBe("issuer_is_discovery_url");
    expect(check.suggestedIssuer).toBe(fake.issuer);
    expect(check.hint).toContain("Strip");
    expect(check.hint).toContain("/.well-known/openid-configuration");
    expect(fake.requests).toHaveLength(0);
  });

  it("recognises the Okta admin console URL", async () => {
    const check = failure(await devRp().checkIssuer("https://acme-admin.okta.com"));
    expect(check).toMatchObject({ code: "issuer_invalid", suggestedIssuer: "https://acme.okta.com/oauth2/default" });
  });

  it("explains a trailing slash mismatch precisely", async () => {
    const check = failure(await devRp().checkIssuer(`${fake.issuer}/`));
    expect(check).toMatchObject({ code: "issuer_mismatch", suggestedIssuer: fake.issuer });
    expect(check.hint).toContain("without the trailing slash");
    expect(check.hint).toContain(fake.issuer);
  });

  it("explains a missing trailing slash when the provider's issuer has one", async () => {
    fake.config.discovery.issuer = `${fake.issuer}/`;
    const check = failure(await devRp().checkIssuer(fake.issuer));
    expect(check).toMatchObject({ code: "issuer_mismatch", suggestedIssuer: `${fake.issuer}/` });
    expect(check.hint).toContain("with the trailing slash");
  });

  it("explains Okta org issuer vs /oauth2/default (org server answering at the default path)", async () => {
    // Served at <origin>/oauth2/default/.well-known/… but declaring the org issuer (<origin>).
    fake.config.discovery.issuer = fake.origin;
    const check = failure(await devRp().checkIssuer(fake.issuer));
    expect(check).toMatchObject({ code: "issuer_mismatch", suggestedIssuer: fake.origin });
    expect(check.hint).toContain("org authorization server");
    expect(check.hint).toContain("Security → API → Authorization Servers");
  });

  it("explains an org URL whose document declares the /oauth2/default issuer", async () => {
    org.config.discovery.issuer = `${org.origin}/oauth2/default`;
    const check = failure(await devRp().checkIssuer(org.origin));
    expect(check).toMatchObject({ code: "issuer_mismatch", suggestedIssuer: `${org.origin}/oauth2/default` });
    expect(check.hint).toContain("default authorization server");
  });

  it("accepts Okta's org authorization server when entered exactly", async () => {
    expect(await devRp().checkIssuer(org.origin)).toMatchObject({ ok: true, issuer: org.origin });
  });

  it("reports an unreachable issuer (404, bad JSON, closed port)", async () => {
    expect(await devRp().checkIssuer(`${fake.origin}/oauth2/nope`)).toMatchObject({ ok: false, code: "issuer_unreachable" });
    fake.config.override.discovery = (_q, res) => res.writeHead(200, { "content-type": "application/json" }).end("{not json");
    expect(await devRp().checkIssuer(fake.issuer)).toMatchObject({ ok: false, code: "issuer_unreachable" });
    expect(await devRp({ timeoutMs: 2_000 }).checkIssuer("http://127.0.0.1:1/oauth2/default")).toMatchObject({ ok: false, code: "issuer_unreachable" });
  });

  it("reports a redirecting discovery URL as unreachable without following it", async () => {
    fake.config.override.discovery = (_q, res) => res.writeHead(301, { location: `${fake.origin}/login` }).end();
    const check = failure(await devRp().checkIssuer(fake.issuer));
    expect(check.code).toBe("issuer_unreachable");
    expect(check.hint).toContain("redirect");
    expect(fake.requests.map((r) => r.path)).not.toContain("/login");
  });

  it("refuses http for a host that is not exempt, even outside production", async () => {
    expect(await devRp({ insecureHosts: [] }).checkIssuer(fake.issuer)).toMatchObject({ ok: false, code: "issuer_insecure" });
  });

  const unsupported: [string, (d: Record<string, unknown>) => void][] = [
    ["no code response type", (d) => (d.response_types_supported = ["id_token"])],
    ["PKCE without S256", (d) => (d.code_challenge_methods_supported = ["plain"])],
    ["no usable client auth method", (d) => (d.token_endpoint_auth_methods_supported = ["private_key_jwt"])],
    ["missing token endpoint", (d) => delete d.token_endpoint],
  ];
  it.each(unsupported)("refuses a provider with %s (issuer_unsupported)", async (_name, mutate) => {
    mutate(fake.config.discovery);
    expect(await devRp().checkIssuer(fake.issuer)).toMatchObject({ ok: false, code: "issuer_unsupported" });
  });

  it("checks the chosen client authentication method", async () => {
    fake.config.discovery.token_endpoint_auth_methods_supported = ["client_secret_basic"];
    const check = failure(await devRp().checkIssuer(fake.issuer, { tokenEndpointAuthMethod: "client_secret_post" }));
    expect(check).toMatchObject({ code: "issuer_unsupported" });
    expect(check.hint).toContain("client_secret_basic");
    expect(await devRp().checkIssuer(fake.issuer, { tokenEndpointAuthMethod: "client_secret_basic" })).toMatchObject({ ok: true });
  });

  it("allows a provider that does not advertise PKCE methods (documented choice)", async () => {
    delete fake.config.discovery.code_challenge_methods_supported;
    expect(await devRp().checkIssuer(fake.issuer)).toMatchObject({ ok: true });
  });
});
