/**
 * Issuer intake that knows Okta's two servers, Entra ID's /v2.0 and Google's exact issuer.
 * Against the dev IdP (Okta-like, only /oauth2/default) and a server publishing several
 * discovery documents on one origin (Okta org + default, Entra v1 + v2.0).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startDevIdp, type DevIdp } from "@jams/dev-idp/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devRp } from "./helpers/flow";

const WELL_KNOWN = "/.well-known/openid-configuration";
let idp: DevIdp;
let multi: http.Server;
let origin = "";
const docs = new Map<string, Record<string, unknown>>();

function doc(issuer: string, authorizePath: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${origin}${authorizePath}`,
    token_endpoint: `${origin}/token`,
    jwks_uri: `${origin}/keys`,
    response_types_supported: ["code"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  };
}

beforeAll(async () => {
  idp = await startDevIdp({ clients: [], users: [] });
  multi = http.createServer((req, res) => {
    const body = docs.get((req.url ?? "").split("?")[0] ?? "");
    if (!body) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => multi.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(multi.address() as AddressInfo).port}`;
  // Okta: org server at the origin, default server at /oauth2/default.
  docs.set(WELL_KNOWN, doc(origin, "/oauth2/v1/authorize"));
  docs.set(`/oauth2/default${WELL_KNOWN}`, doc(`${origin}/oauth2/default`, "/oauth2/default/v1/authorize"));
  // Entra ID: v1 document declares sts.windows.net; v2.0 declares the tenant-id issuer.
  docs.set(`/contoso.example${WELL_KNOWN}`, doc("https://sts.windows.net/7f3c0000-0000-4000-8000-000000000001/", "/contoso/oauth2/authorize"));
  docs.set(`/contoso.example/v2.0${WELL_KNOWN}`, doc(`${origin}/7f3c0000-0000-4000-8000-000000000001/v2.0`, "/contoso/oauth2/v2.0/authorize"));
  docs.set(`/7f3c0000-0000-4000-8000-000000000001/v2.0${WELL_KNOWN}`, doc(`${origin}/7f3c0000-0000-4000-8000-000000000001/v2.0`, "/t/oauth2/v2.0/authorize"));
});
afterAll(async () => {
  await idp.close();
  await new Promise<void>((resolve) => multi.close(() => resolve()));
});

describe("7: Okta org server instead of /oauth2/default", () => {
  it("discovery 404 at the org URL → proposes <issuer>/oauth2/default (dev IdP)", async () => {
    const check = await devRp().checkIssuer(idp.url);
    expect(check).toMatchObject({ ok: false, code: "issuer_unreachable", suggestedIssuer: idp.issuer });
    expect(!check.ok && check.hint).toMatch(/Did you mean/);
  });

  it("an org server that answers → accepted, with /oauth2/default proposed", async () => {
    const check = await devRp().checkIssuer(origin);
    expect(check).toMatchObject({ ok: true, issuer: origin, suggestion: { suggestedIssuer: `${origin}/oauth2/default` } });
  });

  it("no suggestion for a working default server", async () => {
    const check = await devRp().checkIssuer(idp.issuer);
    expect(check.ok && check.suggestion).toBeFalsy();
  });
});

describe("Entra ID: v1 endpoint instead of /v2.0", () => {
  it("proposes the exact v2.0 issuer (tenant id) after the sts.windows.net mismatch", async () => {
    const check = await devRp().checkIssuer(`${origin}/contoso.example`);
    expect(check).toMatchObject({ ok: false, code: "issuer_mismatch", suggestedIssuer: `${origin}/7f3c0000-0000-4000-8000-000000000001/v2.0` });
    expect(!check.ok && check.hint).toMatch(/v2\.0/);
  });
});

describe("Google's exact issuer", () => {
  for (const typed of ["https://oauth2.googleapis.com", "https://accounts.google.com/o/oauth2/v2/auth", "https://www.googleapis.com/oauth2/v3"]) {
    it(`${typed} → https://accounts.google.com (offline)`, async () => {
      expect(await devRp().checkIssuer(typed)).toMatchObject({ ok: false, code: "issuer_invalid", suggestedIssuer: "https://accounts.google.com" });
    });
  }
});
