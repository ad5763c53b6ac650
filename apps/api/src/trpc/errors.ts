import { isDatabaseUnavailable } from "@jams/db/client";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { type AppErrorCode, DomainError, type DomainErrorDetails, isDomainError } from "../domain/errors";

/**
 * Every code's transport status, checked by the compiler: a new code does not compile until it
 * is placed here. Codes about the input (issuer checks, callback outcomes a caller may see) are
 * BAD_REQUEST by choice, not by fallback.
 */
const TRANSPORT_CODE = {
  // SSO codes (@jams/contract/error-codes, in the documented order).
  sso_idp_rejected: "BAD_REQUEST",
  user_not_provisioned: "BAD_REQUEST",
  user_disabled: "FORBIDDEN",
  sso_state_invalid: "BAD_REQUEST",
  sso_browser_mismatch: "BAD_REQUEST",
  sso_token_invalid: "BAD_REQUEST",
  sso_token_exchange_failed: "BAD_REQUEST",
  // Upstream, not the caller: a 502 tells clients and monitors whose fault it is.
  sso_idp_unreachable: "BAD_GATEWAY",
  sso_idp_response_invalid: "BAD_REQUEST",
  sso_email_missing: "BAD_REQUEST",
  sso_email_unverified: "BAD_REQUEST",
  sso_email_invalid: "BAD_REQUEST",
  sso_identity_conflict: "BAD_REQUEST",
  sso_connection_disabled: "BAD_REQUEST",
  sso_required: "FORBIDDEN",
  enforce_requires_sso_session: "PRECONDITION_FAILED",
  issuer_invalid: "BAD_REQUEST",
  issuer_is_discovery_url: "BAD_REQUEST",
  issuer_mismatch: "BAD_REQUEST",
  issuer_unreachable: "BAD_REQUEST",
  issuer_insecure: "BAD_REQUEST",
  issuer_unsupported: "BAD_REQUEST",
  sso_email_claimed: "CONFLICT",
  sso_redirect_uri_not_registered: "BAD_REQUEST",
  sso_client_unknown: "BAD_REQUEST",
  sso_client_secret_invalid: "BAD_REQUEST",
  sso_client_auth_method_mismatch: "BAD_REQUEST",
  sso_check_inconclusive: "BAD_REQUEST",
  // The others.
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  invalid_input: "BAD_REQUEST",
  invalid_credentials: "UNAUTHORIZED",
  invitation_invalid: "NOT_FOUND",
  email_taken: "CONFLICT",
  last_admin: "CONFLICT",
  sso_enforced_needs_connection: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  csrf_rejected: "FORBIDDEN",
  internal_error: "INTERNAL_SERVER_ERROR",
  domain_invalid: "BAD_REQUEST",
  domain_exists: "CONFLICT",
  email_domain_claimed: "CONFLICT",
  managed_by_provisioning: "CONFLICT",
  no_verified_connection: "PRECONDITION_FAILED",
  service_unavailable: "SERVICE_UNAVAILABLE",
  invalid_text: "BAD_REQUEST",
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

/** The HTTP status a code answers with, for bodies written outside tRPC (see error-body.ts). */
export function transportCodeOf(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  return TRANSPORT_CODE[code];
}

/** Turns whatever a procedure threw into a TRPCError; domain errors keep their code as `cause`. */
export function toTRPCError(error: TRPCError): TRPCError {
  // An outage is not a bug: a 503 with a stable code tells clients and load balancers to retry.
  const cause = isDatabaseUnavailable(error.cause) ? new DomainError("service_unavailable", {}, { cause: error.cause }) : error.cause;
  if (!isDomainError(cause)) return error;
  return new TRPCError({ code: TRANSPORT_CODE[cause.code], message: cause.code, cause });
}

const FALLBACK_APP_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, AppErrorCode>> = {
  UNAUTHORIZED: "unauthenticated",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  BAD_REQUEST: "invalid_input",
  PARSE_ERROR: "invalid_input",
  // Malformed requests are the client's fault; calling them internal_error misleads users and alerts.
  METHOD_NOT_SUPPORTED: "invalid_input",
  PAYLOAD_TOO_LARGE: "invalid_input",
  UNSUPPORTED_MEDIA_TYPE: "invalid_input",
  UNPROCESSABLE_CONTENT: "invalid_input",
  TOO_MANY_REQUESTS: "rate_limited",
};

/** The stable code clients branch on (`error.data.appCode`). */
export function appCodeOf(error: TRPCError): AppErrorCode {
  if (isDomainError(error.cause)) return error.cause.code;
  if (error.cause instanceof ZodError) return "invalid_input";
  return FALLBACK_APP_CODE[error.code] ?? "internal_error";
}

export function errorDetailsOf(error: TRPCError): DomainErrorDetails {
  return isDomainError(error.cause) ? error.cause.details : {};
}
