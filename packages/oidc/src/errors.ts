/**
 * The SSO error codes the relying party raises (protocol and provider outcomes). App-policy codes
 * (sso_required, user_not_provisioned, …), the full documented list and the customer-facing
 * texts live in @jams/contract; the API and the web app read them there.
 */
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import type { SsoErrorCode as DocumentedSsoErrorCode } from "@jams/contract/error-codes";

/** Documented codes only the application decides (accounts, policy, browser binding). */
type ApplicationSsoCode =
  | "user_not_provisioned"
  | "user_disabled"
  | "sso_browser_mismatch"
  | "sso_identity_conflict"
  | "sso_connection_disabled"
  | "sso_required"
  | "enforce_requires_sso_session"
  | "sso_email_claimed";

/** A code this package raises: every documented SSO code the application does not decide. */
export type SsoErrorCode = Exclude<DocumentedSsoErrorCode, ApplicationSsoCode>;

const MAX_DIAGNOSTIC_LENGTH = 200;

/**
 * IdP-supplied error strings are attacker-controllable (they arrive in the callback URL), so
 * keep only printable ASCII and cap the length before anyone logs or displays them.
 */
export function sanitizeDiagnostic(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const cleaned = value.replace(/[^\x20-\x7e]/g, "?").trim();
  if (cleaned === "") return undefined;
  return cleaned.length > MAX_DIAGNOSTIC_LENGTH ? `${cleaned.slice(0, MAX_DIAGNOSTIC_LENGTH)}…` : cleaned;
}

/**
 * Facts about a failure beyond the IdP's `error`: what an admin needs to pick the right fix.
 * Never holds tokens or secrets; `received` holds claim values and is only kept for admins.
 */
export interface SsoEvidence {
  /** HTTP status of the IdP's failing token / UserInfo response. */
  httpStatus?: number;
  endpoint?: "token" | "userinfo" | "callback" | "id_token";
  /** The time claim outside the accepted window and by how many seconds (positive = in the future). */
  clockSkew?: { claim: "iat" | "exp" | "nbf"; offsetSec: number; toleranceSec: number };
  /** The ID token's signing key is not in the provider's JWKS, even after refetching it. */
  signingKeyNotPublished?: boolean;
  /** Claims as received (sanitised), when the failure happened after the ID token was validated. */
  received?: ReceivedClaims;
}

export interface ReceivedClaims {
  idToken: Record<string, unknown>;
  userInfo: Record<string, unknown> | null;
}

export interface SsoErrorOptions {
  evidence?: SsoEvidence | undefined;
  idpError?: string | undefined;
  idpErrorDescription?: string | undefined;
  /**
   * Kept for server-side debugging only. Callers must not serialise `cause` to clients: library
   * errors may embed response bodies. The `message` itself never contains tokens or secrets.
   */
  cause?: unknown;
}

export class SsoError extends Error {
  readonly code: SsoErrorCode;
  /** Sanitised, truncated `error` from the IdP — for admin diagnostics only, never for end users. */
  readonly idpError?: string;
  /** Sanitised, truncated `error_description` from the IdP — for admin diagnostics only. */
  readonly idpErrorDescription?: string;
  readonly evidence?: SsoEvidence;

  constructor(code: SsoErrorCode, opts: SsoErrorOptions = {}) {
    // The message is the code plus the static title: it can never carry tokens or secrets.
    super(`${code}: ${SSO_ERROR_CATALOGUE[code].title}`);
    this.name = "SsoError";
    this.code = code;
    const idpError = sanitizeDiagnostic(opts.idpError);
    const idpErrorDescription = sanitizeDiagnostic(opts.idpErrorDescription);
    if (idpError !== undefined) this.idpError = idpError;
    if (idpErrorDescription !== undefined) this.idpErrorDescription = idpErrorDescription;
    if (opts.evidence !== undefined) {
      // Non-enumerable like `cause`: claim values are personal data and stay out of logs.
      Object.defineProperty(this, "evidence", { value: opts.evidence, enumerable: false, writable: false, configurable: true });
    }
    // Non-enumerable so JSON.stringify / structured loggers that walk own props skip it.
    if (opts.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: opts.cause, enumerable: false, writable: true, configurable: true });
    }
  }

  /** Safe to log or return to an admin UI. */
  toJSON(): {
    name: string;
    code: SsoErrorCode;
    message: string;
    idpError?: string;
    idpErrorDescription?: string;
    httpStatus?: number;
    clockSkew?: SsoEvidence["clockSkew"];
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.idpError !== undefined ? { idpError: this.idpError } : {}),
      ...(this.idpErrorDescription !== undefined ? { idpErrorDescription: this.idpErrorDescription } : {}),
      ...(this.evidence?.httpStatus !== undefined ? { httpStatus: this.evidence.httpStatus } : {}),
      ...(this.evidence?.clockSkew !== undefined ? { clockSkew: this.evidence.clockSkew } : {}),
    };
  }
}

export function isSsoError(e: unknown): e is SsoError {
  return e instanceof SsoError;
}
