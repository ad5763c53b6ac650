/**
 * toSsoError branches on oauth4webapi's error classes, codes and details, never on message text:
 * each case below uses a message that would mislead a text match.
 */
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { toSsoError, type Phase } from "../src/internal/error-map";
import { OutboundError } from "../src/internal/outbound-error";

const MISLEADING = 'JWT ID Token "state"';
const ope = (code: string | undefined, cause?: unknown) => new oauth.OperationProcessingError(MISLEADING, { code, cause });
const oauthResponse = (status: number) => new Response("{}", { status, headers: { "content-type": "application/json" } });

describe("toSsoError", () => {
  it.each<[string, unknown, Phase, string]>([
    ["a timed-out request", new OutboundError("timeout", "x"), "token", "sso_idp_unreachable"],
    ["a redirect", new OutboundError("redirect", "x"), "token", "sso_idp_response_invalid"],
    ["an oversized body", new OutboundError("too_large", "x"), "userinfo", "sso_idp_response_invalid"],
    ["an authorization error response", new oauth.AuthorizationResponseError(MISLEADING, { cause: new URLSearchParams({ error: "access_denied" }) }), "callback", "sso_idp_rejected"],
    ["a callback failure after our own state check (RFC 9207 iss)", ope(oauth.INVALID_RESPONSE, { parameters: {} }), "callback", "sso_idp_response_invalid"],
    ["a token error response", new oauth.ResponseBodyError(MISLEADING, { cause: { error: "invalid_grant" }, response: oauthResponse(400) }), "token", "sso_token_exchange_failed"],
    ["a UserInfo error response", new oauth.ResponseBodyError(MISLEADING, { cause: { error: "invalid_token" }, response: oauthResponse(401) }), "userinfo", "sso_idp_response_invalid"],
    ["a token non-conform status (RESPONSE_IS_NOT_CONFORM)", ope(oauth.RESPONSE_IS_NOT_CONFORM), "token", "sso_token_exchange_failed"],
    ["a token body that is not JSON (RESPONSE_IS_NOT_JSON)", ope(oauth.RESPONSE_IS_NOT_JSON), "token", "sso_idp_response_invalid"],
    ["a token body that does not parse (PARSE_ERROR)", ope(oauth.PARSE_ERROR, new SyntaxError("x")), "token", "sso_idp_response_invalid"],
    ["a token envelope problem (INVALID_RESPONSE with the body)", ope(oauth.INVALID_RESPONSE, { body: {} }), "token", "sso_idp_response_invalid"],
    ["an ID token problem (INVALID_RESPONSE without the body)", ope(oauth.INVALID_RESPONSE, { claims: {} }), "token", "sso_token_invalid"],
    ["an ID token claim comparison (JWT_CLAIM_COMPARISON)", ope(oauth.JWT_CLAIM_COMPARISON, { claim: "aud" }), "token", "sso_token_invalid"],
    ["an ID token time check (JWT_TIMESTAMP_CHECK)", ope(oauth.JWT_TIMESTAMP_CHECK, { claim: "auth_time" }), "token", "sso_token_invalid"],
    ["an unsupported operation (alg, crit)", new oauth.UnsupportedOperationError(MISLEADING), "token", "sso_token_invalid"],
    ["an uncoded processing error", ope(undefined), "token", "sso_idp_response_invalid"],
    ["any signature check failure", ope(oauth.INVALID_RESPONSE, { body: {} }), "id_token", "sso_token_invalid"],
    ["a UserInfo processing error", ope(oauth.JWT_CLAIM_COMPARISON), "userinfo", "sso_idp_response_invalid"],
    ["something that is not an Error", "boom", "token", "sso_idp_response_invalid"],
  ])("%s → %s", (_name, err, phase, code) => {
    expect(toSsoError(err, phase).code).toBe(code);
  });

  it("names an unpublished signing key (KEY_SELECTION)", () => {
    const mapped = toSsoError(ope(oauth.KEY_SELECTION), "id_token");
    expect(mapped.code).toBe("sso_token_invalid");
    expect(mapped.evidence).toMatchObject({ endpoint: "id_token", signingKeyNotPublished: true });
  });

  it("measures clock skew from JWT_TIMESTAMP_CHECK's details", () => {
    const mapped = toSsoError(ope(oauth.JWT_TIMESTAMP_CHECK, { claim: "exp", claims: { exp: 1000 }, now: 1300, tolerance: 60 }), "token");
    expect(mapped.code).toBe("sso_token_invalid");
    expect(mapped.evidence?.clockSkew).toEqual({ claim: "exp", offsetSec: -300, toleranceSec: 60 });
  });

  it("keeps a token endpoint's challenge (WWW-Authenticate) for admins", () => {
    const challenge = { scheme: "basic", parameters: { error: "invalid_client" } } as unknown as oauth.WWWAuthenticateChallenge;
    const mapped = toSsoError(new oauth.WWWAuthenticateChallengeError(MISLEADING, { cause: [challenge], response: oauthResponse(401) }), "token");
    expect(mapped.code).toBe("sso_token_exchange_failed");
    expect(mapped.idpError).toBe("invalid_client");
    expect(mapped.evidence?.httpStatus).toBe(401);
  });
});
