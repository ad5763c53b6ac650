/**
 * oidc-provider configuration that behaves like an Okta custom authorization server for the
 * parts JAMS IMES relies on: confidential web clients (basic + post), code flow with PKCE,
 * RFC 9207 `iss` in responses, RP-initiated logout, no consent screen, email_verified claim.
 */
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { DevStore } from "./store";

export const MOUNT_PATH = "/oauth2/default";

export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
}

// Okta grants consent implicitly for first-party web apps; mirror that so no consent screen
// ever appears: reuse or create a grant covering the requested OIDC scopes.
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  if (!client) return undefined;
  const grantId = (oidc.result?.consent as { grantId?: string } | undefined)?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session?.accountId });
  grant.addOIDCScope([...oidc.requestParamScopes].filter((s) => ["openid", "email", "profile", "groups"].includes(s)));
  await grant.save();
  return grant;
}

export function buildProvider(args: {
  issuer: string;
  store: DevStore;
  keys: JWK[];
  cookieKeys: string[];
  /** true (Okta-like default): profile/email claims only via UserInfo when an access token is issued. */
  conformIdTokenClaims: boolean;
  /** Answer every authorize error with one page that does not say what is wrong (like some IdPs). */
  genericAuthorizeErrors: boolean;
}): Provider {
  const { store } = args;
  const configuration: Configuration = {
    adapter: store.adapterFor,
    clients: [],
    jwks: { keys: args.keys },
    cookies: { keys: args.cookieKeys },
    // "groups" like Okta's groups claim (a custom scope there too), for group → role mapping tests.
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "upn", "preferred_username"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    responseTypes: ["code"],
    pkce: { required: () => true },
    conformIdTokenClaims: args.conformIdTokenClaims,
    clientBasedCORS: () => false,
    loadExistingGrant,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    ...(args.genericAuthorizeErrors
      ? {
          renderError: (ctx: KoaContextWithOIDC) => {
            ctx.type = "html";
            ctx.body = "<!doctype html><title>Error</title><h1>Sorry, something went wrong</h1><p>Please contact your administrator.</p>";
          },
        }
      : {}),
    interactions: { url: (_ctx, interaction) => `${MOUNT_PATH}/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, AuthorizationCode: 120, IdToken: 3600, Interaction: 3600, Session: 86_400, Grant: 86_400 },
    findAccount: (_ctx, sub) => {
      const user = store.userBySub(sub);
      if (!user) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          // Entra-style accounts: the address only in `upn`, no `email` claim at all.
          ...(user.omitEmailClaim ? {} : { email: user.email, email_verified: user.emailVerified ?? true }),
          name: user.name,
          ...(user.groups ? { groups: user.groups } : {}),
          ...user.claims,
        }),
      };
    },
  };
  return new Provider(args.issuer, configuration);
}
