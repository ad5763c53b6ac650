/**
 * Email normalisation for identity matching. Users are matched by email, so anything that could
 * make two different-looking strings compare equal (Unicode look-alikes, invisible characters,
 * case folding rules beyond ASCII) is refused rather than "cleaned up".
 */

const MAX_EMAIL_LENGTH = 254; // RFC 5321 path limit minus the angle brackets
const MAX_LOCAL_LENGTH = 64;

// Printable ASCII without space; anything else (full-width ＠, Cyrillic "а", zero-width
// joiners, NBSP, control characters) makes the address ambiguous for matching.
const PRINTABLE_ASCII_NO_SPACE = /^[\x21-\x7e]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Normalise an email from an IdP claim. Returns null when the value is not acceptable.
 * Whitespace padding is refused, not trimmed: an IdP that sends " a@b.c" is misconfigured and
 * silently trimming would hide that.
 */
export function normalizeEmail(raw: string): string | null {
  if (typeof raw !== "string") return null;
  if (raw.length === 0 || raw.length > MAX_EMAIL_LENGTH) return null;
  if (!PRINTABLE_ASCII_NO_SPACE.test(raw)) return null;

  const at = raw.indexOf("@");
  if (at === -1 || at !== raw.lastIndexOf("@")) return null;

  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1).toLowerCase();
  if (local.length === 0 || local.length > MAX_LOCAL_LENGTH || domain.length === 0) return null;
  // Quoted local parts and dot oddities are legal but never used by real IdP directories.
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..") || local.includes('"')) return null;

  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;

  // Local parts are case-insensitive in practice (and in every IdP we support); lower-case
  // ASCII only — the regex above already guarantees there is nothing else.
  return `${local.toLowerCase()}@${domain}`;
}

/**
 * Normalise an email typed by a person into a form: surrounding whitespace is forgiven, the
 * rest follows normalizeEmail.
 */
export function normalizeTypedEmail(raw: string): string | null {
  if (typeof raw !== "string") return null;
  return normalizeEmail(raw.trim());
}
