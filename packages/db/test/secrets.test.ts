import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../src/client";
import { ssoConnections } from "../src/schema";
import {
  createSecretBox,
  generateEncryptionKey,
  loadOrCreateKeyFile,
  parseEncryptionKey,
  rotateSecrets,
  secretContext,
  SecretDecryptionError,
} from "../src/secrets";
import { createTestDatabase, testDrivers } from "../src/testing";
import { makeConnection, makeOrganization } from "./factories";

const newKey = () => parseEncryptionKey(generateEncryptionKey());

describe("secret box", () => {
  const box = createSecretBox(newKey());
  const secret = "s3cr:et&with+odd%chars";

  it("round-trips and never stores the plaintext", () => {
    const envelope = box.seal(secret, "ctx");
    expect(envelope).not.toContain(secret);
    expect(box.open(envelope, "ctx")).toBe(secret);
    expect(box.seal(secret, "ctx")).not.toBe(envelope);
  });

  it("detects tampering with the ciphertext, the tag or the context", () => {
    const envelope = box.seal(secret, "ctx");
    const parts = envelope.split(".");
    const flip = (value: string) => {
      const bytes = Buffer.from(value, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    const tamperedCiphertext = [...parts.slice(0, 3), flip(parts[3] ?? ""), parts[4]].join(".");
    const tamperedTag = [...parts.slice(0, 4), flip(parts[4] ?? "")].join(".");
    expect(() => box.open(tamperedCiphertext, "ctx")).toThrow(SecretDecryptionError);
    expect(() => box.open(tamperedTag, "ctx")).toThrow(SecretDecryptionError);
    expect(() => box.open(envelope, "another-row")).toThrow(SecretDecryptionError);
    expect(() => box.open("garbage", "ctx")).toThrow(SecretDecryptionError);
  });

  it("refuses a key it does not know and keeps the secret out of the error", () => {
    const envelope = box.seal(secret, "ctx");
    const stranger = createSecretBox(newKey());
    expect(() => stranger.open(envelope, "ctx")).toThrow(/unknown key/);
    try {
      stranger.open(envelope, "ctx");
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it("rejects keys of the wrong size", () => {
    expect(() => parseEncryptionKey(Buffer.alloc(16).toString("base64"))).toThrow();
  });

  it("creates a development key file once, private to its owner, and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "jams-key-"));
    try {
      const path = join(dir, "nested", "secret.key");
      const first = loadOrCreateKeyFile(path);
      expect(loadOrCreateKeyFile(path).equals(first)).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(parseEncryptionKey(readFileSync(path, "utf8")).equals(first)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const databaseUrl = inject("databaseUrl") || undefined;

describe.each(testDrivers(databaseUrl))("key rotation on %s", (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(driver, databaseUrl);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("re-seals every connection secret under the new key", async () => {
    const oldKey = newKey();
    const nextKey = newKey();
    const oldBox = createSecretBox(oldKey);
    const org = await makeOrganization(handle.db);
    const connection = await makeConnection(handle.db, org.id);
    const context = secretContext.connectionClientSecret(connection.id);
    await handle.db
      .update(ssoConnections)
      .set({ clientSecretEncrypted: oldBox.seal("client-secret", context) })
      .where(eq(ssoConnections.id, connection.id));

    const rotatingBox = createSecretBox(nextKey, [oldKey]);
    const result = await rotateSecrets(handle.db, rotatingBox);
    expect(result.connections).toBeGreaterThanOrEqual(1);
    expect((await rotateSecrets(handle.db, rotatingBox)).connections).toBe(0);

    const [row] = await handle.db
      .select({ envelope: ssoConnections.clientSecretEncrypted })
      .from(ssoConnections)
      .where(eq(ssoConnections.id, connection.id));
    const onlyNewKey = createSecretBox(nextKey);
    expect(onlyNewKey.open(row?.envelope ?? "", context)).toBe("client-secret");
  });

  it("leaves everything as it was when a secret cannot be opened", async () => {
    const org = await makeOrganization(handle.db);
    const connection = await makeConnection(handle.db, org.id);
    const unrelated = createSecretBox(newKey());
    await handle.db
      .update(ssoConnections)
      .set({ clientSecretEncrypted: unrelated.seal("x", secretContext.connectionClientSecret(connection.id)) })
      .where(eq(ssoConnections.id, connection.id));
    await expect(rotateSecrets(handle.db, createSecretBox(newKey()))).rejects.toThrow(SecretDecryptionError);
  });
});
