/**
 * Translates oauth4webapi / transport failures into stable SsoError codes. The library errors
 * are NOT attached as `cause`: their `cause` can hold response bodies (access tokens, ID
 * tokens). Only the static library message and code are kept, which never contain secrets.
 */
import * as oauth from "oauth4webapi";
import { SsoError, type SsoErrorCode, type SsoEvidence } from "../errors";
import { OutboundError } from "./outbound-error";

export type Phase = "callback" | "token" | "id_token" | "userinfo";

function safeCause(err: unknown): Error {
  if (err instanceof OutboundError) return err; // built by us from hostnames and status codes only
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return new Error(`${err.name}${typeof code === "string" ? ` [${code}]` : ""}: ${err.message}`);
  }
  return new Error("non-error thrown");
}

function outboundCode(err: OutboundError): SsoErrorCode {
  return err.kind === "redirect" || err.kind === "too_large" ? "sso_idp_response_invalid" : "sso_idp_unreachable";
}

const ID_TOKEN_CHECKS: ReadonlySet<unknown> = new Set([oauth.JWT_TIMESTAMP_CHECK, oauth.JWT_CLAIM_COMPARISON, oauth.KEY_SELECTION]);

/**
 * Whether a failure of processAuthorizationCodeResponse is about the ID token rather than the
 * token response around it, from oauth4webapi's error codes and details (never its messages):
 * its envelope checks report INVALID_RESPONSE with the parsed body as `cause.body`, while the
 * ID token's (malformed JWT, missing claim, alg, signature) report INVALID_RESPONSE without it.
 * PARSE_ERROR is read as the envelope: the body was not JSON.
 */
function isIdTokenProblem(err: Error): boolean {
  if (err instanceof oauth.UnsupportedOperationError) return true; // unsupported alg, crit, …
  if (!(err instanceof oauth.OperationProcessingError)) return false;
  if (ID_TOKEN_CHECKS.has(err.code)) return true;
  return err.code === oauth.INVALID_RESPONSE && !hasResponseBody(err.cause);
}

function hasResponseBody(cause: unknown): boolean {
  return typeof cause === "object" && cause !== null && "body" in cause;
}

/** The first challenge's `error` / `error_description` (RFC 6750 §3), e.g. a 401 invalid_client without a body. */
function challengeParams(err: oauth.WWWAuthenticateChallengeError): { error?: string; error_description?: string } {
  const first = err.cause[0];
  if (!first) return {};
  const { error, error_description } = first.parameters;
  return { ...(error ? { error } : {}), ...(error_description ? { error_description } : {}) };
}

/** Which time claim failed and by how much, from oauth4webapi's JWT_TIMESTAMP_CHECK details. */
export function clockSkewOf(err: unknown): SsoEvidence["clockSkew"] {
  if (!(err instanceof oauth.OperationProcessingError) || err.code !== oauth.JWT_TIMESTAMP_CHECK) return undefined;
  const details = err.cause as { claims?: Record<string, unknown>; now?: unknown; tolerance?: unknown; claim?: unknown } | undefined;
  const claim = details?.claim;
  if (claim !== "exp" && claim !== "nbf" && claim !== "iat") return undefined;
  const value = details?.claims?.[claim];
  if (typeof value !== "number" || typeof details?.now !== "number") return undefined;
  return { claim, offsetSec: Math.round(value - details.now), toleranceSec: typeof details.tolerance === "number" ? details.tolerance : 0 };
}

const endpointOf = (phase: Phase): SsoEvidence["endpoint"] => (phase === "userinfo" ? "userinfo" : phase === "token" ? "token" : phase);

export function toSsoError(err: unknown, phase: Phase): SsoError {
  if (err instanceof SsoError) return err;
  const cause = safeCause(err);
  if (err instanceof OutboundError) return new SsoError(outboundCode(err), { cause });
  if (err instanceof oauth.AuthorizationResponseError) {
    return new SsoError("sso_idp_rejected", { idpError: err.error, idpErrorDescription: err.error_description, cause });
  }
  if (err instanceof oauth.ResponseBodyError) {
    return new SsoError(phase === "userinfo" ? "sso_idp_response_invalid" : "sso_token_exchange_failed", {
      idpError: err.error,
      idpErrorDescription: err.error_description,
      evidence: { httpStatus: err.status, endpoint: endpointOf(phase) },
      cause,
    });
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const params = challengeParams(err);
    return new SsoError(phase === "userinfo" ? "sso_idp_response_invalid" : "sso_token_exchange_failed", {
      idpError: params.error,
      idpErrorDescription: params.error_description,
      evidence: { httpStatus: err.status, endpoint: endpointOf(phase) },
      cause,
    });
  }
  if (err instanceof oauth.OperationProcessingError && err.code === oauth.KEY_SELECTION) {
    return new SsoError("sso_token_invalid", { evidence: { endpoint: "id_token", signingKeyNotPublished: true }, cause });
  }
  const clockSkew = clockSkewOf(err);
  if (clockSkew) return new SsoError("sso_token_invalid", { evidence: { clockSkew, endpoint: "id_token" }, cause });
  if (!(err instanceof Error)) return new SsoError("sso_idp_response_invalid", { cause });
  const code = (err as { code?: unknown }).code;
  switch (phase) {
    case "callback":
      // completeFlow compares `state` itself before oauth4webapi runs (sso_state_invalid), so
      // what fails here is the response's envelope: an unexpected `iss`, a JARM or hybrid response.
      return new SsoError("sso_idp_response_invalid", { cause });
    case "token":
      if (code === oauth.RESPONSE_IS_NOT_CONFORM) return new SsoError("sso_token_exchange_failed", { cause });
      return new SsoError(isIdTokenProblem(err) ? "sso_token_invalid" : "sso_idp_response_invalid", { cause });
    case "id_token":
      return new SsoError("sso_token_invalid", { cause });
    case "userinfo":
      return new SsoError("sso_idp_response_invalid", { cause });
  }
}
