/**
 * Translates oauth4webapi / transport failures into stable SsoError codes. The library errors
 * are NOT attached as `cause`: their `cause` can hold response bodies (access tokens, ID
 * tokens). Only the static library message and code are kept, which never contain secrets.
 */
import * as oauth from "oauth4webapi";
import { SsoError, type SsoErrorCode, type SsoEvidence } from "../errors";
import { OutboundError } from "./outbound";

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

/** Whether an oauth4webapi processing error is about the ID token rather than the envelope. */
function isIdTokenProblem(err: Error): boolean {
  if (err instanceof oauth.UnsupportedOperationError) return true; // unsupported alg, crit, …
  const code = (err as { code?: unknown }).code;
  if (code === oauth.JWT_TIMESTAMP_CHECK || code === oauth.JWT_CLAIM_COMPARISON || code === oauth.KEY_SELECTION) return true;
  return /JWT|ID Token/.test(err.message);
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
      return new SsoError(/"state"/.test(err.message) ? "sso_state_invalid" : "sso_idp_response_invalid", { cause });
    case "token":
      if (code === oauth.RESPONSE_IS_NOT_CONFORM) return new SsoError("sso_token_exchange_failed", { cause });
      return new SsoError(isIdTokenProblem(err) ? "sso_token_invalid" : "sso_idp_response_invalid", { cause });
    case "id_token":
      return new SsoError("sso_token_invalid", { cause });
    case "userinfo":
      return new SsoError("sso_idp_response_invalid", { cause });
  }
}
