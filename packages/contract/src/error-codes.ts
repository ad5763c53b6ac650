/**
 * Stable error codes: a contract. The API returns them (`error.data.appCode`, `/login?error=`),
 * the web app describes them, /docs/sso-errors lists the SSO ones and the customer setup guides
 * quote them. Never rename a code; add new ones at the end.
 */

/** Documented in /docs/sso-errors (this order); texts in error-catalogue.ts. */
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
  // Check connection (no user involved): what the authorize and token probes proved wrong.
  "sso_redirect_uri_not_registered",
  "sso_client_unknown",
  "sso_client_secret_invalid",
  "sso_client_auth_method_mismatch",
  "sso_check_inconclusive",
] as const;

export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

/** The API's other codes; the web app has a message for each (apps/web/src/lib/errors.ts). */
export const GENERAL_ERROR_CODES = [
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
  // Text containing a NUL character or an unpaired UTF-16 surrogate (see apps/api/src/trpc/text-rule.ts).
  "invalid_text",
] as const;

export type GeneralErrorCode = (typeof GENERAL_ERROR_CODES)[number];

/** Every code the API can answer with. */
export const APP_ERROR_CODES = [...SSO_ERROR_CODES, ...GENERAL_ERROR_CODES] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export function isSsoErrorCode(value: unknown): value is SsoErrorCode {
  return typeof value === "string" && (SSO_ERROR_CODES as readonly string[]).includes(value);
}

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === "string" && (APP_ERROR_CODES as readonly string[]).includes(value);
}
