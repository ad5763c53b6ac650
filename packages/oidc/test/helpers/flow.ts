/** Test drivers shared by the fake-IdP suites. */
import { inspect } from "node:util";
import { expect } from "vitest";
import { isSsoError, type SsoError, type SsoErrorCode } from "../../src/errors";
import {
  createRelyingParty,
  DEFAULT_CLAIM_MAPPING,
  DEFAULT_SCOPES,
  type ConnectionSettings,
  type OidcRuntimeOptions,
  type RelyingParty,
  type VerifiedIdentity,
} from "../../src/relying-party";
import type { FakeIdp } from "./fake-idp";

export const REDIRECT_URI = "https://app.jams.test/auth/sso/callback";

export function devRp(overrides: Partial<OidcRuntimeOptions> = {}): RelyingParty {
  return createRelyingParty({ insecureHosts: ["127.0.0.1"], jwksRefetchCooldownMs: 0, ...overrides });
}

export function connectionFor(fake: FakeIdp, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return {
    issuer: fake.issuer,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    tokenEndpointAuthMethod: "client_secret_basic",
    scopes: DEFAULT_SCOPES,
    ...DEFAULT_CLAIM_MAPPING,
    requireVerifiedEmail: true,
    ...overrides,
  };
}

/** Authorization request + a simulated IdP redirect back + callback processing. */
export async function signIn(
  rp: RelyingParty,
  fake: FakeIdp,
  opts: { connection?: Partial<ConnectionSettings>; callback?: (params: URLSearchParams) => void } = {},
): Promise<VerifiedIdentity> {
  const connection = connectionFor(fake, opts.connection);
  const { url, transaction } = await rp.startAuthorization({ connection, redirectUri: REDIRECT_URI });
  fake.nonce = new URL(url).searchParams.get("nonce") ?? undefined;
  const callbackUrl = new URL(REDIRECT_URI);
  callbackUrl.searchParams.set("code", "good-code");
  callbackUrl.searchParams.set("state", transaction.state);
  callbackUrl.searchParams.set("iss", fake.issuer);
  opts.callback?.(callbackUrl.searchParams);
  return rp.completeAuthorization({ connection, redirectUri: REDIRECT_URI, callbackUrl, transaction });
}

/** Asserts the exact code, that nothing was returned, and that no secret leaks via the error. */
export async function expectSsoError(promise: Promise<unknown>, code: SsoErrorCode, secrets: string[] = []): Promise<SsoError> {
  let result: unknown;
  let error: unknown;
  try {
    result = await promise;
  } catch (err) {
    error = err;
  }
  expect(result, "no identity may be returned").toBeUndefined();
  expect(isSsoError(error), `expected SsoError, got ${String(error)}`).toBe(true);
  const ssoError = error as SsoError;
  expect(ssoError.code).toBe(code);
  const renderings = [String(ssoError), JSON.stringify(ssoError), inspect(ssoError, { depth: 10 }), ssoError.stack ?? ""];
  for (const secret of secrets) {
    for (const rendering of renderings) expect(rendering).not.toContain(secret);
  }
  return ssoError;
}
