export {
  createSecretBox,
  generateEncryptionKey,
  parseEncryptionKey,
  SecretDecryptionError,
  type SecretBox,
} from "./secret-box";
export { loadOrCreateKeyFile } from "./key-file";
export { rotateSecrets, secretContext, type RotationResult } from "./rotate";
