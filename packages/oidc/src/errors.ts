/**
 * Stable SSO error codes. They are a contract: the API returns them, the web app renders
 * /docs/sso-errors from SSO_ERROR_CATALOGUE, and the customer setup guides quote them.
 * Never rename a code; add new ones at the end.
 */
import { SSO_ERROR_CATALOGUE } from "./error-catalogue";

export const SSO_ERROR_CODES = [
  "sso_idp_rejected",
  "user_not_provisioned",
  "user_disabled",
  "sso_state_invalid",
  "sso_browser_mismatch",
  "sso_token_invalid",
  "sso_token_exchange_failed",
  "sso_idp_unreachable",
  "sso_idp_response_invalid",
  "sso_email_missing",
  "sso_email_unverified",
  "sso_email_invalid",
  "sso_identity_conflict",
  "sso_connection_disabled",
  "sso_required",
  "enforce_requires_sso_session",
  "issuer_invalid",
  "issuer_is_discovery_url",
  "issuer_mismatch",
  "issuer_unreachable",
  "issuer_insecure",
  "issuer_unsupported",
  "sso_email_claimed",
] as const;

export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

export interface SsoErrorInfo {
  code: SsoErrorCode;
  /** Short heading, e.g. for the error page. */
  title: string;
  /** Shown to the person signing in. Never blames them for admin misconfiguration. */
  userMessage: string;
  /** Why this happens, for administrators reading the docs. */
  cause: string;
  /** What the administrator should check or change. */
  adminHint: string;
}

export { SSO_ERROR_CATALOGUE };

export function isSsoErrorCode(value: unknown): value is SsoErrorCode {
  return typeof value === "string" && (SSO_ERROR_CODES as readonly string[]).includes(value);
}

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

export interface SsoErrorOptions {
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

  constructor(code: SsoErrorCode, opts: SsoErrorOptions = {}) {
    // The message is the code plus the static title: it can never carry tokens or secrets.
    super(`${code}: ${SSO_ERROR_CATALOGUE[code].title}`);
    this.name = "SsoError";
    this.code = code;
    const idpError = sanitizeDiagnostic(opts.idpError);
    const idpErrorDescription = sanitizeDiagnostic(opts.idpErrorDescription);
    if (idpError !== undefined) this.idpError = idpError;
    if (idpErrorDescription !== undefined) this.idpErrorDescription = idpErrorDescription;
    // Non-enumerable so JSON.stringify / structured loggers that walk own props skip it.
    if (opts.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: opts.cause, enumerable: false, writable: true, configurable: true });
    }
  }

  /** Safe to log or return to an admin UI. */
  toJSON(): { name: string; code: SsoErrorCode; message: string; idpError?: string; idpErrorDescription?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.idpError !== undefined ? { idpError: this.idpError } : {}),
      ...(this.idpErrorDescription !== undefined ? { idpErrorDescription: this.idpErrorDescription } : {}),
    };
  }
}

export function isSsoError(e: unknown): e is SsoError {
  return e instanceof SsoError;
}
