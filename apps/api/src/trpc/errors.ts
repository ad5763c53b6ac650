import { isDatabaseUnavailable } from "@jams/db/client";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { type AppErrorCode, DomainError, type DomainErrorDetails, isDomainError } from "../domain/errors";

const TRANSPORT_CODE: Partial<Record<AppErrorCode, TRPC_ERROR_CODE_KEY>> = {
  unauthenticated: "UNAUTHORIZED",
  invalid_credentials: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  csrf_rejected: "FORBIDDEN",
  sso_required: "FORBIDDEN",
  user_disabled: "FORBIDDEN",
  not_found: "NOT_FOUND",
  invitation_invalid: "NOT_FOUND",
  email_taken: "CONFLICT",
  last_admin: "CONFLICT",
  sso_enforced_needs_connection: "PRECONDITION_FAILED",
  enforce_requires_sso_session: "PRECONDITION_FAILED",
  no_verified_connection: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  internal_error: "INTERNAL_SERVER_ERROR",
  domain_exists: "CONFLICT",
  email_domain_claimed: "CONFLICT",
  sso_email_claimed: "CONFLICT",
  managed_by_provisioning: "CONFLICT",
  service_unavailable: "SERVICE_UNAVAILABLE",
};

/** Turns whatever a procedure threw into a TRPCError; domain errors keep their code as `cause`. */
export function toTRPCError(error: TRPCError): TRPCError {
  // An outage is not a bug: a 503 with a stable code tells clients and load balancers to retry.
  const cause = isDatabaseUnavailable(error.cause) ? new DomainError("service_unavailable", {}, { cause: error.cause }) : error.cause;
  if (!isDomainError(cause)) return error;
  return new TRPCError({ code: TRANSPORT_CODE[cause.code] ?? "BAD_REQUEST", message: cause.code, cause });
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
