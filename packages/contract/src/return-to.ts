/**
 * `returnTo` is attacker-chosen (it rides in a link to /login), so the API (before redirecting
 * after SSO) and the SPA (after a password sign-in) apply this one rule.
 */
import { DASHBOARD_PATH, LOGIN_PATH } from "./routes";

/** Where to go after signing in when no (safe) return path was given. */
export const DEFAULT_RETURN_TO = DASHBOARD_PATH;

const MAX_LENGTH = 2048;
const PLACEHOLDER_ORIGIN = "https://return-to.invalid";

/**
 * Only same-origin absolute paths survive: "/x" yes; "//evil", "/\evil", "https://evil",
 * `javascript:`, whitespace and control characters fall back to the dashboard, and so do the
 * sign-in pages themselves (a loop). The check runs on the parser's OUTPUT too: dot segments
 * ("/..//evil", "/%2e%2e//evil") normalise into a protocol-relative "//evil" that a browser
 * would follow off-site.
 */
export function safeReturnTo(raw: string | null | undefined): string {
  if (typeof raw !== "string" || raw.length > MAX_LENGTH || !isLocalPath(raw)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || isSignInPage(url.pathname)) return DEFAULT_RETURN_TO;
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  return isLocalPath(normalised) ? normalised : DEFAULT_RETURN_TO;
}

function isLocalPath(value: string): boolean {
  // Browsers treat backslashes like slashes in URLs, and strip control characters.
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x20\x7f]/.test(value);
}

function isSignInPage(pathname: string): boolean {
  // "/auth/" covers the SSO callback and whatever else the API serves there.
  return pathname === LOGIN_PATH || pathname.startsWith("/invite/") || pathname.startsWith("/auth/");
}
