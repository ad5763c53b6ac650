import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    // Never include the envelope or plaintext: this message can reach logs.
    super(`secret could not be decrypted: ${reason}`);
    this.name = "SecretDecryptionError";
  }
}

export interface SecretBox {
  /** Identifier of the key new secrets are sealed with. */
  readonly currentKeyId: string;
  /** `context` is authenticated but not stored: a ciphertext moved to another row fails to open. */
  seal(plaintext: string, context: string): string;
  open(envelope: string, context: string): string;
  isSealedWithCurrentKey(envelope: string): boolean;
}

export function parseEncryptionKey(encoded: string): Buffer {
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.length !== KEY_BYTES) {
    throw new Error(`encryption key must be ${KEY_BYTES} bytes encoded as base64`);
  }
  return key;
}

export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** AES-256-GCM with a fresh 96-bit IV per secret; older keys stay readable for rotation. */
export function createSecretBox(currentKey: Buffer, previousKeys: readonly Buffer[] = []): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const key of [currentKey, ...previousKeys]) {
    if (key.length !== KEY_BYTES) throw new Error(`encryption key must be ${KEY_BYTES} bytes`);
    keys.set(keyIdOf(key), key);
  }
  const currentKeyId = keyIdOf(currentKey);

  return {
    currentKeyId,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentKeyId, iv, ciphertext, tag]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(envelope, context) {
      const [version, keyId, iv, ciphertext, tag, ...rest] = envelope.split(".");
      if (version !== VERSION || !keyId || !iv || ciphertext === undefined || !tag || rest.length > 0) {
        throw new SecretDecryptionError("malformed envelope");
      }
      const key = keys.get(keyId);
      if (!key) throw new SecretDecryptionError("sealed with an unknown key");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SecretDecryptionError("authentication failed (tampered, wrong key or wrong context)");
      }
    },
    isSealedWithCurrentKey(envelope) {
      return envelope.split(".")[1] === currentKeyId;
    },
  };
}
