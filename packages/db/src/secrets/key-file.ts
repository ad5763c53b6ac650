import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateEncryptionKey, parseEncryptionKey } from "./secret-box";

/**
 * Development convenience: a key generated once and kept beside the embedded database, so a
 * newcomer needs no configuration and restarts can still read what was sealed before.
 */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) return parseEncryptionKey(readFileSync(path, "utf8"));
  mkdirSync(dirname(path), { recursive: true });
  const encoded = generateEncryptionKey();
  writeFileSync(path, `${encoded}\n`, { mode: 0o600, flag: "wx" });
  return parseEncryptionKey(encoded);
}
