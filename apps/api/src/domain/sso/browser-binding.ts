import { createHmac, hkdfSync } from "node:crypto";
import { constantTimeEqual, randomToken } from "../shared/crypto";

/**
 * The `jams_sso` browser binding is `<random>.<HMAC(random)>`. Only a value whose MAC checks
 * out is reused (so two sign-in tabs share one), anything else is replaced: a value planted by
 * someone else was not issued by us, and adopting it would let them share the victim's binding.
 */
const BINDING = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

/** A key of its own, derived from the secret-encryption key, so the two uses never mix. */
export function deriveBindingKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), "jams sso browser binding v1", 32));
}

function macOf(key: Buffer, random: string): string {
  return createHmac("sha256", key).update(random, "utf8").digest("base64url");
}

export function issueBinding(key: Buffer): string {
  const random = randomToken();
  return `${random}.${macOf(key, random)}`;
}

export function isIssuedBinding(key: Buffer, value: string | undefined): value is string {
  const match = value === undefined ? null : BINDING.exec(value);
  if (!match?.[1] || !match[2]) return false;
  return constantTimeEqual(macOf(key, match[1]), match[2]);
}
