/**
 * OpenID Connect relying party for JAMS IMES SSO connections (authorization code + PKCE,
 * confidential clients). Framework- and database-free: the caller passes the connection
 * settings and the stored transaction, and gets typed results or an SsoError.
 * See README.md for what the caller must still enforce.
 */
import * as oauth from "oauth4webapi";
import { SsoError } from "./errors";
import { parseExemptions } from "./internal/address-policy";
import { TtlLruCache } from "./internal/cache";
import { completeFlow, type FlowContext } from "./internal/callback";
import { checkConnection } from "./internal/check-connection";
import { discover, type ProviderMetadata } from "./internal/discovery";
import { parseIssuerInput } from "./internal/issuer-input";
import { suggestAfterFailure, suggestAfterSuccess } from "./internal/issuer-suggest";
import { JwksStore } from "./internal/jwks";
import { createOutboundAgents } from "./internal/agents";
import { createBulkheads, DEFAULT_BULKHEAD_OPTIONS } from "./internal/bulkhead";
import { checkedLookup, createOutboundFetch, isExemptHost, type OutboundFetch, type OutboundPolicy } from "./internal/outbound";
import type { AuthorizationTransaction, ConnectionCheck, ConnectionSettings, IssuerCheck, OidcRuntimeOptions, VerifiedIdentity } from "./types";

export type {
  AuthorizationTransaction,
  CheckField,
  CheckFinding,
  ConnectionCheck,
  ProbeAnswer,
  ConnectionSettings,
  IssuerCheck,
  OidcRuntimeOptions,
  TokenEndpointAuthMethod,
  VerifiedIdentity,
} from "./types";
export { DEFAULT_CLAIM_MAPPING, DEFAULT_SCOPES } from "./types";

const MAX_LOGIN_HINT_LENGTH = 254;

function scopesFor(connection: ConnectionSettings): string {
  const scopes = connection.scopes.split(/\s+/).filter(Boolean);
  // Without "openid" there is no ID token, so it is always requested.
  return (scopes.includes("openid") ? scopes : ["openid", ...scopes]).join(" ");
}

/**
 * Fresh state, nonce and PKCE verifier. Callers that store the transaction in the same statement
 * that loads the connection make it first and pass it to `startAuthorization`.
 */
export function newAuthorizationTransaction(): AuthorizationTransaction {
  return {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
  };
}

export function createRelyingParty(options: OidcRuntimeOptions) {
  const policy: OutboundPolicy = {
    exemptions: parseExemptions(options.insecureHosts),
    timeoutMs: options.timeoutMs ?? 5_000,
    maxResponseBytes: options.maxResponseBytes ?? 512 * 1024,
    fetch: options.fetch,
  };
  // Once per relying party, so connections to an IdP are reused across sign-ins.
  const agents = createOutboundAgents(checkedLookup);
  const outbound = createOutboundFetch(policy, agents, createBulkheads({ ...DEFAULT_BULKHEAD_OPTIONS, ...options.bulkhead }));
  // Token and UserInfo requests count against their connection's own budget; tenants that share
  // an IdP host (and its socket pool) cannot starve each other (see internal/bulkhead.ts).
  const outboundFor =
    (bulkhead: string): OutboundFetch =>
    (url, init) =>
      outbound(url, { ...init, bulkhead });
  const maxEntries = options.cacheMaxEntries ?? 500;
  const discoveryTtlMs = options.discoveryTtlMs ?? 15 * 60_000;
  const discoveryCache = new TtlLruCache<ProviderMetadata>(maxEntries);
  const discoveryInflight = new Map<string, Promise<ProviderMetadata>>();
  const ctx: FlowContext = {
    outbound,
    policy,
    jwks: new JwksStore(outbound, {
      ttlMs: options.jwksTtlMs ?? 10 * 60_000,
      cooldownMs: options.jwksRefetchCooldownMs ?? 10_000,
      maxEntries,
    }),
    clockToleranceSec: options.clockToleranceSec ?? 60,
    maxIdTokenAgeSec: options.maxIdTokenAgeSec ?? 600,
  };

  /** Cached, validated metadata for a saved connection; failures become runtime SSO codes. */
  function metadataFor(issuer: string): Promise<ProviderMetadata> {
    const cached = discoveryCache.get(issuer);
    if (cached) return Promise.resolve(cached);
    const pending = discoveryInflight.get(issuer);
    if (pending) return pending;
    const promise = discover(outboundFor(`issuer ${issuer}`), policy, issuer)
      .then((result) => {
        if (!result.ok) {
          const unreachable = result.code === "issuer_unreachable" || result.code === "issuer_insecure";
          throw new SsoError(unreachable ? "sso_idp_unreachable" : "sso_idp_response_invalid", {
            cause: new Error(`discovery for saved issuer failed: ${result.code}`),
          });
        }
        discoveryCache.set(issuer, result.meta, discoveryTtlMs);
        return result.meta;
      })
      .finally(() => discoveryInflight.delete(issuer));
    discoveryInflight.set(issuer, promise);
    return promise;
  }

  return {
    /** Validates an issuer typed by an admin. Never throws for bad input or a bad provider. */
    async checkIssuer(
      input: string,
      opts?: { tokenEndpointAuthMethod?: ConnectionSettings["tokenEndpointAuthMethod"] },
    ): Promise<IssuerCheck> {
      const parsed = parseIssuerInput(input);
      if (!parsed.ok) return parsed;
      if (parsed.url.protocol === "http:" && !isExemptHost(policy, parsed.url)) {
        return { ok: false, code: "issuer_insecure", hint: "The issuer must use https://." };
      }
      const probe = (candidate: string) => discover(outbound, policy, candidate, opts?.tokenEndpointAuthMethod);
      const result = await probe(parsed.issuer);
      if (!result.ok) {
        const better = await suggestAfterFailure(probe, parsed.issuer, result);
        return better ? { ...result, ...better } : result;
      }
      // A successful check warms the cache for the first sign-in.
      discoveryCache.set(parsed.issuer, result.meta, discoveryTtlMs);
      const endSession = result.meta.as.end_session_endpoint;
      const suggestion = await suggestAfterSuccess(probe, parsed.issuer, String(result.meta.as.authorization_endpoint));
      return {
        ok: true,
        issuer: parsed.issuer,
        endSessionEndpoint: typeof endSession === "string" ? endSession : null,
        supportedAuthMethods: [...result.meta.authMethods],
        ...(suggestion ? { suggestion } : {}),
      };
    },

    async startAuthorization(args: {
      connection: ConnectionSettings;
      redirectUri: string;
      loginHint?: string;
      transaction?: AuthorizationTransaction;
    }): Promise<{ url: string; transaction: AuthorizationTransaction }> {
      const meta = await metadataFor(args.connection.issuer);
      const transaction = args.transaction ?? newAuthorizationTransaction();
      const url = new URL(String(meta.as.authorization_endpoint));
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", args.connection.clientId);
      url.searchParams.set("redirect_uri", args.redirectUri);
      url.searchParams.set("scope", scopesFor(args.connection));
      url.searchParams.set("state", transaction.state);
      url.searchParams.set("nonce", transaction.nonce);
      url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(transaction.codeVerifier));
      url.searchParams.set("code_challenge_method", "S256");
      const hint = args.loginHint?.trim();
      if (hint && hint.length <= MAX_LOGIN_HINT_LENGTH) url.searchParams.set("login_hint", hint);
      return { url: url.href, transaction };
    },

    /** Throws SsoError only. */
    async completeAuthorization(args: {
      connection: ConnectionSettings;
      redirectUri: string;
      callbackUrl: URL;
      transaction: AuthorizationTransaction;
    }): Promise<VerifiedIdentity> {
      try {
        const meta = await metadataFor(args.connection.issuer);
        const connectionOutbound = outboundFor(`client ${args.connection.issuer} ${args.connection.clientId}`);
        return await completeFlow({ ...ctx, outbound: connectionOutbound }, meta, args);
      } catch (err) {
        if (err instanceof SsoError) throw err;
        // Defensive: anything unexpected still surfaces as a stable code without details.
        throw new SsoError("sso_idp_response_invalid", { cause: new Error(err instanceof Error ? err.name : "unknown") });
      }
    },

    /**
     * Check connection: proves Redirect URI, Client ID, Secret and method without a user. Never
     * throws for what the IdP answers; discovery failures come back as an inconclusive check.
     */
    async checkConnection(args: { connection: ConnectionSettings; redirectUri: string }): Promise<ConnectionCheck> {
      let meta: ProviderMetadata;
      try {
        meta = await metadataFor(args.connection.issuer);
      } catch (err) {
        const code = err instanceof SsoError ? err.code : "sso_idp_unreachable";
        return {
          status: "inconclusive",
          redirectUri: "unknown",
          clientId: "unknown",
          clientSecret: "unknown",
          authMethod: "unknown",
          findings: [{ code: "sso_check_inconclusive", field: null, fix: `The provider's configuration could not be loaded (${code}); check the Issuer URL, then run Check connection again.` }],
          answers: [],
        };
      }
      // The same per-connection budget as sign-ins: a check against a slow IdP cannot starve other tenants.
      return checkConnection(outboundFor(`client ${args.connection.issuer} ${args.connection.clientId}`), meta, args.connection, args.redirectUri);
    },

    /** RP-initiated logout URL, or null when the provider has no end_session_endpoint. */
    async endSessionUrl(args: {
      connection: ConnectionSettings;
      idTokenHint?: string;
      postLogoutRedirectUri: string;
    }): Promise<string | null> {
      const meta = await metadataFor(args.connection.issuer);
      const endpoint = meta.as.end_session_endpoint;
      if (typeof endpoint !== "string") return null;
      const url = new URL(endpoint);
      url.searchParams.set("client_id", args.connection.clientId);
      url.searchParams.set("post_logout_redirect_uri", args.postLogoutRedirectUri);
      if (args.idTokenHint) url.searchParams.set("id_token_hint", args.idTokenHint);
      return url.href;
    },

    /**
     * Closes the pooled connections to IdPs (call on shutdown). Not required for the process to
     * exit, since idle pooled sockets do not keep it alive, but it stops in-flight requests and
     * lets servers see a clean close. Calling it twice is harmless.
     */
    close(): void {
      agents.destroy();
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;
