/** Public types of @jams/oidc/relying-party (re-exported there). */
import type { SsoErrorCode } from "./errors";

export interface OidcRuntimeOptions {
  /** https only (except insecureHosts) and resolved-address SSRF checks on every outbound request. */
  production: boolean;
  /** Hostnames exempt from the https requirement and the private-address checks. Default none. */
  insecureHosts: readonly string[];
  /** Per outbound request (connect + headers + body). Default 5000. */
  timeoutMs?: number;
  /** Response body cap. Default 512 KiB. */
  maxResponseBytes?: number;
  /** Default 15 minutes. */
  discoveryTtlMs?: number;
  /** Default 10 minutes. */
  jwksTtlMs?: number;
  /** Issuers kept in the discovery and JWKS caches. Default 500. */
  cacheMaxEntries?: number;
  /** Default 60. */
  clockToleranceSec?: number;
  /** Maximum age of the ID token `iat`. Default 600. */
  maxIdTokenAgeSec?: number;
  /** Minimum time between JWKS refetches triggered by an unknown `kid`. Default 10000. */
  jwksRefetchCooldownMs?: number;
  /**
   * Per SSO connection: requests in flight, queued, and the longest wait for a slot (queueing
   * does not count against timeoutMs). Defaults 8 / 16 / 5000.
   */
  bulkhead?: { maxInFlight?: number; maxQueued?: number; maxQueueMs?: number };
  /** Test seam only; the default transport (node:http with DNS-pinned address checks) is stronger. */
  fetch?: typeof fetch;
}

export type TokenEndpointAuthMethod = "client_secret_basic" | "client_secret_post";

export interface ConnectionSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Space separated; "openid" is added if missing. */
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  requireVerifiedEmail: boolean;
}

export const DEFAULT_SCOPES = "openid profile email";
export const DEFAULT_CLAIM_MAPPING = { emailClaim: "email", nameClaim: "name" } as const;

/** Must be stored server-side, bound to the browser, and consumed exactly once by the caller. */
export interface AuthorizationTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedIdentity {
  subject: string;
  /** Normalised (see @jams/oidc/email). */
  email: string;
  emailVerified: boolean | null;
  name: string | null;
  issuer: string;
  claims: { email?: unknown; name?: unknown; sub: string; email_verified?: unknown };
  /** Raw ID token, only for id_token_hint at logout. Never log it. */
  idToken: string;
  usedUserInfo: boolean;
}

export type IssuerCheck =
  | { ok: true; issuer: string; endSessionEndpoint: string | null; supportedAuthMethods: string[] }
  | { ok: false; code: SsoErrorCode; hint: string; suggestedIssuer?: string };
