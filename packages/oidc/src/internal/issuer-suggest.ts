/**
 * "Did you mean …?" for issuers that fail (or work but are not what the guides use): Okta's org
 * server vs /oauth2/default, Entra ID's v1 endpoint vs /v2.0. A candidate is proposed only after
 * its own discovery document answered with exactly that issuer — never a guess.
 */
import type { DiscoveryResult } from "./discovery";

type Discover = (issuer: string) => Promise<DiscoveryResult>;

export interface IssuerSuggestion {
  suggestedIssuer: string;
  hint: string;
}

const strip = (s: string) => s.replace(/\/+$/, "");
const OKTA_HOST = /\.(okta|oktapreview|okta-emea)\.com$/i;

function isEntra(entered: URL, declared: string | undefined): boolean {
  return /^login\.microsoftonline\.(com|us)$|^login\.partner\.microsoftonline\.cn$/i.test(entered.hostname) || (declared !== undefined && /^https:\/\/sts\.windows\.net\//.test(declared));
}

async function proves(discover: Discover, candidate: string): Promise<string | undefined> {
  const result = await discover(candidate);
  if (result.ok) return candidate;
  // Entra answers /<domain>/v2.0 with its tenant-id issuer: propose that exact value.
  if (result.code === "issuer_mismatch" && result.suggestedIssuer && !result.suggestedIssuer.includes("{")) {
    const again = await discover(result.suggestedIssuer);
    if (again.ok) return result.suggestedIssuer;
  }
  return undefined;
}

/** After a failed discovery: which neighbouring issuer answers? */
export async function suggestAfterFailure(
  discover: Discover,
  entered: string,
  failure: Extract<DiscoveryResult, { ok: false }>,
): Promise<IssuerSuggestion | undefined> {
  const url = new URL(entered);
  const base = strip(entered);
  const declared = failure.code === "issuer_mismatch" ? failure.suggestedIssuer : undefined;
  if (isEntra(url, declared) && !/\/v2\.0$/.test(base)) {
    const found = await proves(discover, `${base}/v2.0`);
    if (found) {
      return {
        suggestedIssuer: found,
        hint: `This is Microsoft Entra ID's v1.0 endpoint (issuer ${declared ?? "sts.windows.net"}). JAMS IMES needs the v2.0 issuer: use ${found}.`,
      };
    }
  }
  if (failure.code === "issuer_unreachable" && !/\/oauth2\/[^/]+$/.test(base)) {
    const found = await proves(discover, `${base}/oauth2/default`);
    if (found) {
      return {
        suggestedIssuer: found,
        hint: `${base} has no OpenID configuration, but Okta's default authorization server answers at ${found}. Did you mean ${found}?`,
      };
    }
  }
  return undefined;
}

/**
 * After a successful discovery of what looks like Okta's org authorization server: the guides
 * use /oauth2/default (custom claims, access policies); propose it when it exists.
 */
export async function suggestAfterSuccess(discover: Discover, issuer: string, authorizationEndpoint: string): Promise<IssuerSuggestion | undefined> {
  const url = new URL(issuer);
  const orgServer = url.pathname === "/" || url.pathname === "";
  const oktaShaped = OKTA_HOST.test(url.hostname) || new URL(authorizationEndpoint).pathname === "/oauth2/v1/authorize";
  if (!orgServer || !oktaShaped) return undefined;
  const candidate = `${strip(issuer)}/oauth2/default`;
  const found = await proves(discover, candidate);
  if (!found) return undefined;
  return {
    suggestedIssuer: found,
    hint: `This is Okta's org authorization server. The setup guide uses the default authorization server, ${found}; use it unless you deliberately chose the org server.`,
  };
}
