/**
 * Callback processing: authorization response → code exchange → ID token validation →
 * optional UserInfo → claim mapping. Each step maps its failures to one SsoError code, and
 * nothing is returned unless every check passed.
 */
import { timingSafeEqual } from "node:crypto";
import * as oauth from "oauth4webapi";
import { SsoError } from "../errors";
import type { AuthorizationTransaction, ConnectionSettings, VerifiedIdentity } from "../types";
import { mapIdentity, missingMappedClaims } from "./claims";
import type { ProviderMetadata } from "./discovery";
import { toSsoError } from "./error-map";
import type { JwksStore } from "./jwks";
import { isExemptHost, type OutboundFetch, type OutboundPolicy } from "./outbound";

const MAX_SUBJECT_LENGTH = 255;

export interface FlowContext {
  outbound: OutboundFetch;
  policy: OutboundPolicy;
  jwks: JwksStore;
  clockToleranceSec: number;
  maxIdTokenAgeSec: number;
}

/** oauth4webapi request options: our transport, and http only where the host is exempt. */
export function httpOptions(ctx: FlowContext, endpoint: string | undefined) {
  const exempt = endpoint !== undefined && URL.canParse(endpoint) && isExemptHost(ctx.policy, new URL(endpoint));
  return {
    [oauth.customFetch]: ctx.outbound satisfies (url: string, options: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>,
    ...(exempt ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

export function clientFor(ctx: FlowContext, meta: ProviderMetadata, connection: ConnectionSettings): oauth.Client {
  return {
    client_id: connection.clientId,
    // Pinned: the header alg must equal this exact value (rejects "none", HS*, alg confusion).
    id_token_signed_response_alg: meta.idTokenAlg,
    [oauth.clockTolerance]: ctx.clockToleranceSec,
  };
}

function sameState(received: string | null, expected: string): boolean {
  if (received === null || expected === "") return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function kidOf(idToken: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(idToken.split(".")[0] ?? "", "base64url").toString("utf8"));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === "string" ? kid : undefined;
  } catch {
    return undefined; // already validated as JSON by oauth4webapi; unreachable in practice
  }
}

async function step<T>(phase: Parameters<typeof toSsoError>[1], run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toSsoError(err, phase);
  }
}

export async function completeFlow(
  ctx: FlowContext,
  meta: ProviderMetadata,
  args: { connection: ConnectionSettings; redirectUri: string; callbackUrl: URL; transaction: AuthorizationTransaction },
): Promise<VerifiedIdentity> {
  const { as } = meta;
  const { connection, transaction } = args;
  const client = clientFor(ctx, meta, connection);
  const params = args.callbackUrl.searchParams;

  // Our own state check first, so a forged/replayed callback is never reported as an IdP error.
  if (params.getAll("state").length !== 1 || !sameState(params.get("state"), transaction.state)) {
    throw new SsoError("sso_state_invalid");
  }
  // Also enforces RFC 9207 `iss` (when present, or required when the IdP advertises it).
  const validated = await step("callback", () => oauth.validateAuthResponse(as, client, params, transaction.state));

  const auth =
    connection.tokenEndpointAuthMethod === "client_secret_post"
      ? oauth.ClientSecretPost(connection.clientSecret)
      : oauth.ClientSecretBasic(connection.clientSecret);
  const response = await step("token", () =>
    oauth.authorizationCodeGrantRequest(as, client, auth, validated, args.redirectUri, transaction.codeVerifier, httpOptions(ctx, as.token_endpoint)),
  );
  const tokens = await step("token", () =>
    oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: transaction.nonce, requireIdToken: true }),
  );
  const claims = oauth.getValidatedIdTokenClaims(tokens);
  const idToken = tokens.id_token;
  if (!claims || idToken === undefined) throw new SsoError("sso_idp_response_invalid");

  // oauth4webapi checks exp/nbf but not how old iat is, nor an iat in the future.
  const now = Math.floor(Date.now() / 1000);
  if (claims.iat > now + ctx.clockToleranceSec || claims.iat < now - ctx.maxIdTokenAgeSec - ctx.clockToleranceSec) {
    throw new SsoError("sso_token_invalid", {
      evidence: { endpoint: "id_token", clockSkew: { claim: "iat", offsetSec: claims.iat - now, toleranceSec: ctx.clockToleranceSec } },
      cause: new Error("ID token iat outside the accepted window"),
    });
  }

  // `sub` is the key identities are bound by: OIDC Core §2 makes it non-empty and at most 255
  // ASCII characters. An empty one would bind every such account to '' (oauth4webapi only checks
  // that it is a string).
  if (typeof claims.sub !== "string" || claims.sub.length === 0 || claims.sub.length > MAX_SUBJECT_LENGTH) {
    throw new SsoError("sso_token_invalid", { cause: new Error("ID token sub is empty or longer than 255 characters") });
  }

  // Signature verification is opt-in in oauth4webapi for token-endpoint ID tokens; we require it.
  const jwks = await ctx.jwks.keysFor(String(as.jwks_uri), kidOf(idToken));
  await step("id_token", () =>
    // A fresh copy of `as` keeps oauth4webapi's own per-`as` JWKS cache out of the way, so the
    // key set passed here (our cache, with our TTL and rotation rule) is the one used.
    oauth.validateApplicationLevelSignature({ ...as }, response, {
      ...httpOptions(ctx, as.jwks_uri),
      [oauth.jwksCache]: { jwks, uat: now },
    }),
  );

  let userInfo: Record<string, unknown> | undefined;
  if (missingMappedClaims(connection, claims) && as.userinfo_endpoint) {
    const uiResponse = await step("userinfo", () =>
      oauth.userInfoRequest(as, client, tokens.access_token, httpOptions(ctx, as.userinfo_endpoint)),
    );
    // processUserInfoResponse requires UserInfo `sub` to equal the ID token's `sub`.
    userInfo = { ...(await step("userinfo", () => oauth.processUserInfoResponse(as, client, claims.sub, uiResponse))) };
  }

  return mapIdentity({ connection, issuer: as.issuer, subject: claims.sub, idClaims: claims, userInfo, idToken });
}
