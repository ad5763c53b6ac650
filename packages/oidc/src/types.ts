/** Public types of @jams/oidc/relying-party (re-exported there). */
import type { ReceivedClaims, SsoErrorCode } from "./errors";

export interface OidcRuntimeOptions {
  /**
   * `host` or `host:port` entries exempt from the https requirement and the private-address
   * checks (development IdPs only). Everything else must be public, whatever the mode.
   */
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

export { DEFAULT_CLAIM_MAPPING, DEFAULT_SCOPES } from "@jams/contract/connection-defaults";

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
  /** The `groups` claim (ID token, else UserInfo) when the IdP sent one; null when it did not. */
  groups: string[] | null;
  issuer: string;
  claims: { email?: unknown; name?: unknown; sub: string; email_verified?: unknown };
  /** Raw ID token, only for id_token_hint at logout. Never log it. */
  idToken: string;
  usedUserInfo: boolean;
  /** Every claim received (sanitised), for the Test sign-in evidence; personal data, admins only. */
  received: ReceivedClaims;
}

export type IssuerCheck =
  | {
      ok: true;
      issuer: string;
      endSessionEndpoint: string | null;
      supportedAuthMethods: string[];
      /** Works, but the guides use another issuer (Okta org server → /oauth2/default). */
      suggestion?: { suggestedIssuer: string; hint: string };
    }
  | { ok: false; code: SsoErrorCode; hint: string; suggestedIssuer?: string };

/** A form field Check connection can blame ("redirectUri" is the value registered at the IdP). */
export type CheckField = "redirectUri" | "clientId" | "clientSecret" | "tokenEndpointAuthMethod";

export interface CheckFinding {
  code: SsoErrorCode;
  field: CheckField | null;
  /** The exact fix, for the field that is wrong. */
  fix: string;
  /** When the verdict is deduced rather than stated by the IdP: how, and what is not known. */
  inferred?: string;
  /** For a method mismatch: the method the IdP accepted (one click to switch). */
  suggestedAuthMethod?: TokenEndpointAuthMethod;
}

/** One request of the check and what the IdP answered: sanitised, the secret redacted. */
export interface ProbeAnswer {
  endpoint: "authorize" | "token";
  request: string;
  httpStatus: number | null;
  authMethod?: TokenEndpointAuthMethod;
  location?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  body?: string | undefined;
  summary: string;
}

type Verdict<T extends string> = "verified" | "unknown" | T;

export interface ConnectionCheck {
  /** "ok" only when all four settings were proven; never a guess. */
  status: "ok" | "problems" | "inconclusive";
  redirectUri: Verdict<"not_registered">;
  clientId: Verdict<"unknown_client">;
  clientSecret: Verdict<"invalid">;
  authMethod: Verdict<"mismatch">;
  findings: CheckFinding[];
  answers: ProbeAnswer[];
}
