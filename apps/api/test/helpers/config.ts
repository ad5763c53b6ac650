import { generateEncryptionKey } from "@jams/db/secrets";
import { DEFAULT_RATE_LIMITS, loadConfig, type AppConfig, type RateLimitPolicy, type ScimLimits } from "../../src/config";

export const TEST_ENCRYPTION_KEY = generateEncryptionKey();

/** Built through loadConfig like production, with the dev IdP's host allowed over http. */
export function testConfig(
  options: { port?: number; publicUrl?: string; rateLimits?: Partial<RateLimitPolicy>; scim?: Partial<ScimLimits> } = {},
): AppConfig {
  const port = options.port ?? 0;
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: options.publicUrl ?? `http://127.0.0.1:${port || 3000}`,
    SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    SSO_INSECURE_ISSUER_HOSTS: "127.0.0.1",
    LOG_LEVEL: "silent",
  });
  return { ...config, rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, scim: { ...config.scim, ...options.scim } };
}
