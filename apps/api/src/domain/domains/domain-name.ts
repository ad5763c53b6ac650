import { domainToASCII } from "node:url";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * An email domain as typed by an admin ("Acme.TEST.", "bücher.example", "@acme.test") in its
 * canonical form: lower-case ASCII (IDNA), no trailing dot. Null when it is not a registrable-
 * looking hostname (IP addresses, single labels, numeric top-level labels).
 */
export function normalizeDomain(raw: string): string | null {
  const trimmed = raw.trim().replace(/^@/, "").replace(/\.$/, "");
  if (trimmed === "" || trimmed.length > 253) return null;
  const ascii = domainToASCII(trimmed).toLowerCase();
  if (ascii === "" || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return null;
  return ascii;
}

/** The domain part of an already-normalised email address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** Where the TXT record goes and what it must contain. */
export function verificationRecord(domain: string, token: string): { name: string; value: string } {
  return { name: `_jams-verification.${domain}`, value: `jams-verification=${token}` };
}
