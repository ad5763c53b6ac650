/** Where to go after signing in when no (safe) return path was given. */
export const DEFAULT_RETURN_TO = "/dashboard";

const PLACEHOLDER_ORIGIN = "https://return-to.invalid";

/**
 * Only same-origin, absolute paths survive: anything that could leave the site
 * (`//evil.example`, `/\evil.example`, `https://…`, `javascript:`), carries control characters,
 * or points back at a sign-in page falls back to the dashboard.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (typeof value !== "string" || value === "") return DEFAULT_RETURN_TO;
  if (value.length > 2048) return DEFAULT_RETURN_TO;
  if (!value.startsWith("/") || value.startsWith("//")) return DEFAULT_RETURN_TO;
  // Browsers treat backslashes like slashes in URLs, and control characters are stripped.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_RETURN_TO;
  if (url.pathname === "/login" || url.pathname.startsWith("/invite/") || url.pathname.startsWith("/auth/")) {
    return DEFAULT_RETURN_TO;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/login?returnTo=…` for a page the visitor tried to open while signed out. */
export function loginPathFor(location: { pathname: string; search: string; hash: string }): string {
  const target = `${location.pathname}${location.search}${location.hash}`;
  const safe = safeReturnTo(target);
  if (safe === DEFAULT_RETURN_TO) return "/login";
  return `/login?${new URLSearchParams({ returnTo: safe }).toString()}`;
}
