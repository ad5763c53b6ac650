export const DEFAULT_RETURN_TO = "/dashboard";

/**
 * Only same-origin relative paths survive: "/x" yes; "//evil", "/\evil", "https://evil",
 * control characters and anything the URL parser would move to another origin fall back.
 * The check runs on the parser's OUTPUT too: dot segments ("/..//evil", "/%2e%2e//evil")
 * normalise into a protocol-relative "//evil" that a browser would follow off-site.
 */
export function safeReturnTo(raw: string | undefined | null): string {
  if (!raw || raw.length > 2048 || !isLocalPath(raw)) return DEFAULT_RETURN_TO;
  const base = "https://return-to.invalid";
  try {
    const parsed = new URL(raw, base);
    if (parsed.origin !== base) return DEFAULT_RETURN_TO;
    const normalised = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return isLocalPath(normalised) ? normalised : DEFAULT_RETURN_TO;
  } catch {
    return DEFAULT_RETURN_TO;
  }
}

function isLocalPath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x20\x7f]/.test(value);
}
