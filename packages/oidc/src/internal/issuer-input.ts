/**
 * Offline checks on what an administrator typed into the Issuer URL field. These catch the
 * common copy/paste mistakes from the setup guides before any network request is made.
 */
import type { IssuerCheck } from "../types";

const DISCOVERY_SUFFIX = "/.well-known/openid-configuration";
type Failure = Extract<IssuerCheck, { ok: false }>;

export function discoveryUrlFor(issuer: string): string {
  // OIDC Discovery §4: strip one trailing slash, then append the well-known path.
  return `${issuer.replace(/\/$/, "")}${DISCOVERY_SUFFIX}`;
}

/** Returns the trimmed issuer, or a failure with a hint. */
export function parseIssuerInput(input: string): { ok: true; issuer: string; url: URL } | Failure {
  const issuer = typeof input === "string" ? input.trim() : "";
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return {
      ok: false,
      code: "issuer_invalid",
      hint: "Enter the full issuer URL including https://, e.g. https://<yourorg>.okta.com/oauth2/default.",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, code: "issuer_invalid", hint: "The issuer must be an https:// URL." };
  }
  if (url.username || url.password || url.search || url.hash) {
    return {
      ok: false,
      code: "issuer_invalid",
      hint: "An issuer URL cannot contain credentials, a query string (?…) or a fragment (#…). Copy the Issuer URI exactly as your provider shows it.",
    };
  }
  const withoutSlash = issuer.replace(/\/+$/, "");
  if (withoutSlash.toLowerCase().endsWith(DISCOVERY_SUFFIX)) {
    const suggestedIssuer = withoutSlash.slice(0, -DISCOVERY_SUFFIX.length);
    return {
      ok: false,
      code: "issuer_is_discovery_url",
      hint: `This is the discovery document URL, not the issuer. Strip "${DISCOVERY_SUFFIX}" — JAMS IMES adds it automatically. Use ${suggestedIssuer}`,
      suggestedIssuer,
    };
  }
  // Okta admins often copy the admin console URL (https://<org>-admin.okta.com) instead.
  const admin = /^([a-z0-9-]+)-admin\.(okta|oktapreview|okta-emea)\.com$/.exec(url.hostname);
  if (admin) {
    const suggestedIssuer = `https://${admin[1]}.${admin[2]}.com/oauth2/default`;
    return {
      ok: false,
      code: "issuer_invalid",
      hint: `This is the Okta Admin Console address, not an issuer. Use your authorization server's Issuer URI, usually ${suggestedIssuer} (Security → API → Authorization Servers).`,
      suggestedIssuer,
    };
  }
  // Google has one issuer, exactly https://accounts.google.com; its API hosts are not issuers.
  if (/^(oauth2|openidconnect|www)\.googleapis\.com$/.test(url.hostname) || (url.hostname === "accounts.google.com" && url.pathname.replace(/\/+$/, "") !== "")) {
    return {
      ok: false,
      code: "issuer_invalid",
      hint: "Google's issuer is exactly https://accounts.google.com (no path, no trailing slash).",
      suggestedIssuer: "https://accounts.google.com",
    };
  }
  return { ok: true, issuer, url };
}

/** Explains an issuer mismatch precisely, for the common trailing-slash and Okta cases. */
export function mismatchHint(entered: string, declared: string): string {
  const strip = (s: string) => s.replace(/\/+$/, "");
  if (strip(entered) === strip(declared)) {
    return declared.endsWith("/")
      ? `The provider's issuer ends with a trailing slash. Use exactly ${declared} (with the trailing slash).`
      : `The provider's issuer has no trailing slash. Use exactly ${declared} (without the trailing slash).`;
  }
  if (strip(declared) === `${strip(entered)}/oauth2/default`) {
    return `This URL serves Okta's default authorization server, whose issuer is ${declared}. Use exactly ${declared}.`;
  }
  if (strip(entered).endsWith("/oauth2/default") && strip(declared) === strip(entered).slice(0, -"/oauth2/default".length)) {
    return `The provider answered as Okta's org authorization server (${declared}), not the default authorization server. Copy the Issuer URI from Security → API → Authorization Servers; if you intend to use the org server, use exactly ${declared}.`;
  }
  return `The provider identifies itself as ${declared}, which differs from what was entered. Issuers must match exactly; use ${declared} if that is your provider.`;
}
