/**
 * Fetches and validates an issuer's discovery document. Failures are returned (not thrown) as
 * intake codes with hints, because the same routine backs the admin-facing checkIssuer.
 */
import { lookup } from "node:dns/promises";
import type { AuthorizationServer } from "oauth4webapi";
import type { IssuerCheck, TokenEndpointAuthMethod } from "../types";
import { bareHostname, isPublicAddress } from "./address-policy";
import { discoveryUrlFor, mismatchHint } from "./issuer-input";
import { assertAllowedUrl, isExemptHost, type OutboundFetch, type OutboundPolicy } from "./outbound";
import { OutboundError } from "./outbound-error";

export interface ProviderMetadata {
  as: AuthorizationServer;
  /** The single ID token signing algorithm we accept from this issuer. */
  idTokenAlg: string;
  authMethods: TokenEndpointAuthMethod[];
}

type Failure = Extract<IssuerCheck, { ok: false }>;
export type DiscoveryResult = { ok: true; meta: ProviderMetadata } | Failure;

// Asymmetric algorithms oauth4webapi can verify. HS* (shared secret = client secret) and
// "none" are never accepted for ID tokens.
const ACCEPTED_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
const CLIENT_AUTH_METHODS: TokenEndpointAuthMethod[] = ["client_secret_basic", "client_secret_post"];
const ENDPOINTS = ["authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint"] as const;
const REQUIRED = new Set<string>(["authorization_endpoint", "token_endpoint", "jwks_uri"]);

const fail = (code: Failure["code"], hint: string, suggestedIssuer?: string): Failure =>
  suggestedIssuer === undefined ? { ok: false, code, hint } : { ok: false, code, hint, suggestedIssuer };

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

export function pickIdTokenAlg(advertised: string[] | undefined): string | undefined {
  if (advertised === undefined) return "RS256"; // OIDC Core default
  if (advertised.includes("RS256")) return "RS256";
  return advertised.find((alg) => ACCEPTED_ALGS.includes(alg));
}

async function fetchDocument(outbound: OutboundFetch, issuer: string): Promise<{ ok: true; doc: Record<string, unknown> } | Failure> {
  const url = discoveryUrlFor(issuer);
  let response: Response;
  try {
    response = await outbound(url, { method: "GET", headers: { accept: "application/json" } });
  } catch (err) {
    if (err instanceof OutboundError && (err.kind === "refused_insecure" || err.kind === "refused_address")) {
      return fail("issuer_insecure", "The issuer must be a public https URL; it uses http or resolves to a private, loopback or metadata address.");
    }
    // "network" vs "timeout" is deliberately not told apart: it would map which ports are open.
    const redirected = err instanceof OutboundError && err.kind === "redirect";
    return fail("issuer_unreachable", `Could not load ${url}${redirected ? " (it redirects; redirects are not followed)" : ""}. Check the URL for typos.`);
  }
  if (response.status !== 200) {
    return fail("issuer_unreachable", `${url} answered HTTP ${response.status}. Check the organisation name and the authorization server path.`);
  }
  try {
    const doc: unknown = await response.json();
    if (doc && typeof doc === "object" && !Array.isArray(doc)) return { ok: true, doc: doc as Record<string, unknown> };
  } catch {
    // fall through
  }
  return fail("issuer_unreachable", `${url} did not return a JSON OpenID configuration document.`);
}

async function checkEndpoint(policy: OutboundPolicy, name: string, value: unknown): Promise<Failure | undefined> {
  if (value === undefined && !REQUIRED.has(name)) return undefined;
  let url: URL;
  try {
    url = new URL(typeof value === "string" ? value : "");
  } catch {
    return fail("issuer_unsupported", `The provider's configuration has no valid ${name}.`);
  }
  try {
    assertAllowedUrl(policy, url);
  } catch {
    return fail("issuer_insecure", `The provider's ${name} (${url.origin}) is not an https URL.`);
  }
  // Early feedback for the admin; the transport re-checks on every connection anyway.
  if (!isExemptHost(policy, url)) {
    const host = bareHostname(url);
    const addresses = await lookup(host, { all: true }).catch(() => []);
    if (addresses.some((a) => !isPublicAddress(a.address))) {
      return fail("issuer_insecure", `The provider's ${name} (${url.origin}) points to a private or internal network address.`);
    }
  }
  return undefined;
}

export async function discover(
  outbound: OutboundFetch,
  policy: OutboundPolicy,
  issuer: string,
  authMethod?: TokenEndpointAuthMethod,
): Promise<DiscoveryResult> {
  const fetched = await fetchDocument(outbound, issuer);
  if (!fetched.ok) return fetched;
  const { doc } = fetched;
  const declared = doc.issuer;
  if (typeof declared !== "string" || declared === "") {
    return fail("issuer_unreachable", "The response is not an OpenID configuration document (no issuer field).");
  }
  if (declared !== issuer) return fail("issuer_mismatch", mismatchHint(issuer, declared), declared);

  for (const name of ENDPOINTS) {
    const problem = await checkEndpoint(policy, name, doc[name]);
    if (problem) return problem;
  }
  if (!stringList(doc.response_types_supported)?.includes("code")) {
    return fail("issuer_unsupported", "The provider does not support the authorization code flow (response_type \"code\").");
  }
  // Absent = unknown: PKCE is backwards compatible (servers ignore unknown parameters) and we
  // always send S256. An explicit list without S256 is refused.
  const pkce = stringList(doc.code_challenge_methods_supported);
  if (pkce !== undefined && !pkce.includes("S256")) {
    return fail("issuer_unsupported", "The provider does not support PKCE with S256 (code_challenge_methods_supported).");
  }
  const idTokenAlg = pickIdTokenAlg(stringList(doc.id_token_signing_alg_values_supported));
  if (idTokenAlg === undefined) {
    return fail("issuer_unsupported", "The provider does not sign ID tokens with an asymmetric algorithm such as RS256.");
  }
  // Absent = client_secret_basic only (OIDC Discovery default).
  const advertised = stringList(doc.token_endpoint_auth_methods_supported) ?? ["client_secret_basic"];
  const authMethods = CLIENT_AUTH_METHODS.filter((m) => advertised.includes(m));
  if (authMethods.length === 0 || (authMethod !== undefined && !authMethods.includes(authMethod))) {
    return fail(
      "issuer_unsupported",
      authMethods.length === 0
        ? "The provider supports neither client_secret_basic nor client_secret_post at its token endpoint."
        : `The provider does not allow ${authMethod ?? ""} at its token endpoint; choose ${authMethods.join(" or ")}.`,
    );
  }
  return { ok: true, meta: { as: doc as unknown as AuthorizationServer, idTokenAlg, authMethods } };
}
