export const DEFAULT_RETURN_TO = "/dashboard";

/**
 * Only same-origin relative paths survive: "/x" yes; "//evil", "/\evil", "https://evil",
 * control characters and anything the URL parser would move to another origin fall back.
 */
export function safeReturnTo(raw: string | undefined | null): string {
  if (!raw || raw.length > 2048) return DEFAULT_RETURN_TO;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return DEFAULT_RETURN_TO;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(raw)) return DEFAULT_RETURN_TO;
  const base = "https://return-to.invalid";
  try {
    const parsed = new URL(raw, base);
    if (parsed.origin !== base) return DEFAULT_RETURN_TO;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return DEFAULT_RETURN_TO;
  }
}
