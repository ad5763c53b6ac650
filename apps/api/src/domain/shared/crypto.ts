import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url: cookie values, invitation tokens, browser bindings. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only hashes of bearer values are stored, so a database leak yields nothing replayable. */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
