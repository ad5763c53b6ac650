import { SSO_ERROR_CODES, type SsoErrorCode } from "@jams/oidc/errors";

/**
 * Stable application error codes (a contract with the web app and tests). SSO codes come from
 * @jams/oidc so the docs catalogue and the API can never disagree.
 */
export const APP_ERROR_CODES = [
  ...SSO_ERROR_CODES,
  "unauthenticated",
  "forbidden",
  "not_found",
  "invalid_input",
  "invalid_credentials",
  "invitation_invalid",
  "email_taken",
  "last_admin",
  "sso_enforced_needs_connection",
  "rate_limited",
  "csrf_rejected",
  "internal_error",
  "domain_invalid",
  "domain_exists",
  "email_domain_claimed",
  "managed_by_provisioning",
  // Enforce SSO: no enabled connection is proven (Test sign-in, an admin's SSO sign-in, or this session).
  "no_verified_connection",
  // The database did not answer in time (outage, restart, overload): retry later, nothing was done.
  "service_unavailable",
  // Text containing a NUL character or an unpaired UTF-16 surrogate (see trpc/text-rule.ts).
  "invalid_text",
] as const;

export type AppErrorCode = SsoErrorCode | (typeof APP_ERROR_CODES)[number];

/** Extra, non-secret facts the client may show (e.g. the issuer check's hint). */
export interface DomainErrorDetails {
  hint?: string;
  suggestedIssuer?: string;
  retryAfterSeconds?: number;
}

/** Thrown by domain functions; the tRPC layer maps it to a transport error in one place. */
export class DomainError extends Error {
  readonly code: AppErrorCode;
  readonly details: DomainErrorDetails;

  constructor(code: AppErrorCode, details: DomainErrorDetails = {}, options?: { cause?: unknown }) {
    // The message is the code only: details may be shown, but messages end up in logs.
    super(code, options);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
