import { resolve } from "node:path";
import { z } from "zod";

/**
 * Every environment variable the API reads. The README's configuration table is checked
 * against this list (test/config.test.ts), so keep descriptions and defaults accurate.
 */
export const ENV_VARS = [
  { name: "NODE_ENV", default: "development", requiredInProduction: false, description: "`production` turns on strict checks (https issuers, required secrets)." },
  { name: "HOST", default: "127.0.0.1", requiredInProduction: false, description: "Interface to listen on." },
  { name: "PORT", default: "3000", requiredInProduction: false, description: "TCP port to listen on." },
  { name: "PUBLIC_URL", default: "http://localhost:3000", requiredInProduction: true, description: "Public origin of the app; defines the SSO Redirect URI `${PUBLIC_URL}/auth/sso/callback` and the CSRF origin." },
  { name: "DATABASE_URL", default: "", requiredInProduction: false, description: "PostgreSQL URL (postgres.js). When empty, an embedded PGlite database is used (refused in production unless `ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true`)." },
  { name: "ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION", default: "false", requiredInProduction: false, description: "`true` lets NODE_ENV=production run on the embedded single-process PGlite database (one instance only, no shared state; for evaluation)." },
  { name: "PGLITE_DATA_DIR", default: ".data/pglite", requiredInProduction: false, description: "Embedded database folder (relative to the working directory) when DATABASE_URL is empty." },
  { name: "SECRET_ENCRYPTION_KEY", default: "", requiredInProduction: true, description: "Base64 32-byte key for client secrets and ID token hints. In development a key file `.data/secret.key` is created beside the embedded database." },
  { name: "SECRET_ENCRYPTION_PREVIOUS_KEYS", default: "", requiredInProduction: false, description: "Comma-separated older keys, still readable during rotation (`pnpm jams secrets rotate-key`)." },
  { name: "SSO_INSECURE_ISSUER_HOSTS", default: "", requiredInProduction: false, description: "Comma-separated `host` or `host:port` entries allowed over http and exempt from the private-address checks (development IdPs only); every other private, loopback or metadata address is refused in every mode." },
  { name: "SESSION_IDLE_TIMEOUT_MINUTES", default: "720", requiredInProduction: false, description: "A session ends after this long without requests." },
  { name: "SESSION_ABSOLUTE_TIMEOUT_HOURS", default: "168", requiredInProduction: false, description: "A session ends this long after sign-in, however active." },
  { name: "SMTP_URL", default: "", requiredInProduction: false, description: "nodemailer SMTP URL for invitation emails; when empty invitations are only shown as links." },
  { name: "SMTP_FROM", default: "", requiredInProduction: false, description: "From address for invitation emails (required when SMTP_URL is set)." },
  { name: "LOG_LEVEL", default: "info", requiredInProduction: false, description: "pino level: fatal, error, warn, info, debug, trace or silent." },
  { name: "TRUST_PROXY", default: "false", requiredInProduction: false, description: "Fastify trustProxy: `true`, `false`, a hop count, or comma-separated addresses/CIDRs." },
  { name: "WEB_DIST_DIR", default: "", requiredInProduction: false, description: "Folder of the built web app to serve (`/login` → login.html, other pages fall back to index.html)." },
  { name: "DOMAIN_DNS_SERVERS", default: "", requiredInProduction: false, description: "Comma-separated `ip` or `ip:port` DNS servers used to check domain verification TXT records; empty = the system's resolvers." },
  { name: "DOMAIN_DNS_TIMEOUT_MS", default: "3000", requiredInProduction: false, description: "Upper bound on one domain verification DNS lookup." },
  { name: "RATE_LIMIT_WINDOW_SECONDS", default: "60", requiredInProduction: false, description: "Window of the per-address request limits below." },
  { name: "RATE_LIMIT_DISCOVER_PER_IP", default: "1200", requiredInProduction: false, description: "`auth.discover` calls per client address per window (never per email: anyone could exhaust a chosen user's budget). Sized for 1,000 people behind one NAT address at 9:00." },
  { name: "RATE_LIMIT_PASSWORD_ATTEMPTS_PER_IP", default: "1200", requiredInProduction: false, description: "Password sign-in attempts (right or wrong) per client address per window; bounds password-hashing CPU." },
  { name: "RATE_LIMIT_START_SSO_PER_IP", default: "1200", requiredInProduction: false, description: "SSO sign-ins started per client address per window." },
  { name: "RATE_LIMIT_SSO_CALLBACK_PER_IP", default: "1200", requiredInProduction: false, description: "`/auth/sso/callback` requests per client address per window." },
  { name: "RATE_LIMIT_PASSWORD_FAILURE_WINDOW_SECONDS", default: "900", requiredInProduction: false, description: "Window in which wrong passwords are counted; a successful sign-in clears that email's counts." },
  { name: "RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL_IP", default: "10", requiredInProduction: false, description: "Wrong passwords for one email from one address before that address is refused for that email (until the window ends)." },
  { name: "RATE_LIMIT_PASSWORD_FAILURES_PER_IP", default: "300", requiredInProduction: false, description: "Wrong passwords from one address (any email) before it is refused password sign-in (until the window ends)." },
  { name: "RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL", default: "20", requiredInProduction: false, description: "Wrong passwords for one email from all addresses before every further attempt for it is slowed down (never refused: the owner's right password still works)." },
  { name: "RATE_LIMIT_PASSWORD_SLOWDOWN_MAX_MS", default: "5000", requiredInProduction: false, description: "Longest delay added to a password attempt past the per-email ceiling (doubling from 250 ms)." },
] as const;

export type EnvVarName = (typeof ENV_VARS)[number]["name"];

const commaList = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item !== ""));

const positiveInt = (fallback: number) =>
  z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be greater than 0").default(fallback);

const KEY_BYTES = 32;
/** Only the shape is checked here; the value is never echoed back in an error. */
function isEncryptionKey(value: string): boolean {
  const trimmed = value.trim();
  return /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && Buffer.from(trimmed, "base64").length === KEY_BYTES;
}
const KEY_REASON = `must be ${KEY_BYTES} random bytes encoded as base64 (generate one with: openssl rand -base64 32)`;
/** Values of these variables are secrets or credentials: errors name them but never show them. */
const SECRET_VARIABLES = new Set(["SECRET_ENCRYPTION_KEY", "SECRET_ENCRYPTION_PREVIOUS_KEYS", "DATABASE_URL", "SMTP_URL"]);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { error: "must be development, production or test" }).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65_535, "must be between 0 and 65535")
    .default(3000),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://sso.example.com" }).optional(),
  DATABASE_URL: z.string().optional(),
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  SECRET_ENCRYPTION_KEY: z.string().refine(isEncryptionKey, KEY_REASON).optional(),
  SECRET_ENCRYPTION_PREVIOUS_KEYS: commaList.refine((keys) => keys.every(isEncryptionKey), `each key ${KEY_REASON}`),
  SSO_INSECURE_ISSUER_HOSTS: commaList,
  SESSION_IDLE_TIMEOUT_MINUTES: positiveInt(720),
  SESSION_ABSOLUTE_TIMEOUT_HOURS: positiveInt(168),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" })
    .default("info"),
  TRUST_PROXY: z.string().default("false"),
  WEB_DIST_DIR: z.string().optional(),
  DOMAIN_DNS_SERVERS: commaList,
  DOMAIN_DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  RATE_LIMIT_DISCOVER_PER_IP: positiveInt(1200),
  RATE_LIMIT_PASSWORD_ATTEMPTS_PER_IP: positiveInt(1200),
  RATE_LIMIT_START_SSO_PER_IP: positiveInt(1200),
  RATE_LIMIT_SSO_CALLBACK_PER_IP: positiveInt(1200),
  RATE_LIMIT_PASSWORD_FAILURE_WINDOW_SECONDS: positiveInt(900),
  RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL_IP: positiveInt(10),
  RATE_LIMIT_PASSWORD_FAILURES_PER_IP: positiveInt(300),
  RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL: positiveInt(20),
  RATE_LIMIT_PASSWORD_SLOWDOWN_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
});

/** Names the schema actually reads; a test keeps ENV_VARS (and so the README) in step with it. */
export const READ_ENV_NAMES: readonly string[] = Object.keys(envSchema.shape);

/**
 * Limits that stop attackers, not users (RATE_LIMIT_* variables). Nothing a stranger can do
 * refuses a user: requests are limited per client address only, and wrong passwords are counted
 * per (email, address) and per address; the per-email count across all addresses only slows
 * attempts down. Defaults let 1,000 people behind one NAT address sign in within a minute.
 */
export interface RateLimitPolicy {
  windowMs: number;
  discoverPerIp: number;
  passwordPerIp: number;
  startSsoPerIp: number;
  callbackPerIp: number;
  passwordFailureWindowMs: number;
  passwordFailuresPerEmailIp: number;
  passwordFailuresPerIp: number;
  passwordFailuresPerEmail: number;
  passwordSlowdownMaxMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  windowMs: 60_000,
  discoverPerIp: 1200,
  passwordPerIp: 1200,
  startSsoPerIp: 1200,
  callbackPerIp: 1200,
  passwordFailureWindowMs: 900_000,
  passwordFailuresPerEmailIp: 10,
  passwordFailuresPerIp: 300,
  passwordFailuresPerEmail: 20,
  passwordSlowdownMaxMs: 5000,
};

/** SCIM endpoint limits; not environment-driven, but overridable by embedders and tests. */
export interface ScimLimits {
  /** Request body cap for /scim/v2 (a large group PUT is the biggest legitimate body). */
  maxBodyBytes: number;
  /** Requests per token per window, shared by every instance through the rate-limit table. */
  requestsPerWindow: number;
  windowMs: number;
}

// Okta and Entra ID pace themselves well below this (Entra: a few requests a second per app).
export const DEFAULT_SCIM_LIMITS: ScimLimits = { maxBodyBytes: 1024 * 1024, requestsPerWindow: 1200, windowMs: 60_000 };

export type DatabaseConfig = { driver: "postgres"; url: string } | { driver: "pglite"; dataDir: string };

export interface AppConfig {
  production: boolean;
  host: string;
  port: number;
  /** Normalised origin without a trailing slash, e.g. "https://sso.example.com". */
  publicUrl: string;
  /** Cookies get `Secure` and the `__Host-` prefix when the public URL is https. */
  secureCookies: boolean;
  database: DatabaseConfig;
  /** Base64 key from the environment, or the dev key file to load/create. */
  encryptionKey: { source: "env"; value: string } | { source: "file"; path: string };
  previousEncryptionKeys: string[];
  insecureIssuerHosts: string[];
  sessionIdleTimeoutMs: number;
  sessionAbsoluteTimeoutMs: number;
  smtp: { url: string; from: string } | null;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  trustProxy: boolean | number | string[];
  webDistDir: string | null;
  rateLimits: RateLimitPolicy;
  /** Where TXT records for domain verification are looked up; empty servers = the system's. */
  domainDns: { servers: string[]; timeoutMs: number };
  scim: ScimLimits;
}

export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** Every problem with the environment at once, each naming its variable, so one restart fixes all. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: ConfigProblem[]) {
    super(["Invalid configuration:", ...problems.map((p) => `  - ${p.variable}: ${p.reason}`)].join("\n"));
  }
}

function shown(variable: string, raw: string | undefined): string {
  if (raw === undefined) return variable;
  return SECRET_VARIABLES.has(variable) ? `${variable} (value hidden)` : `${variable}=${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}`;
}

/** Rules between variables, checked on the raw values so they are reported with the schema's problems. */
function crossChecks(env: Record<string, string | undefined>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (env.NODE_ENV !== "production") {
    if (env.SMTP_URL && !env.SMTP_FROM) problems.push({ variable: "SMTP_FROM", reason: "SMTP_FROM is required when SMTP_URL is set" });
    return problems;
  }
  if (!env.SECRET_ENCRYPTION_KEY) {
    problems.push({ variable: "SECRET_ENCRYPTION_KEY", reason: `SECRET_ENCRYPTION_KEY is required in production; it ${KEY_REASON}` });
  }
  if (!env.PUBLIC_URL) {
    problems.push({ variable: "PUBLIC_URL", reason: "PUBLIC_URL is required in production (the https origin people use, e.g. https://sso.example.com)" });
  } else if (!env.PUBLIC_URL.startsWith("https:") && env.PUBLIC_URL.startsWith("http")) {
    // Over http the session cookie could not be Secure nor __Host- prefixed: a network observer's prize.
    problems.push({ variable: "PUBLIC_URL", reason: `PUBLIC_URL=${env.PUBLIC_URL} must be https in production (session cookies must be Secure)` });
  }
  if (!env.DATABASE_URL && env.ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION !== "true") {
    problems.push({
      variable: "DATABASE_URL",
      reason:
        "DATABASE_URL is empty, so the embedded single-process PGlite database would be used in production. Set DATABASE_URL to your PostgreSQL, or set ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true to run one instance on the embedded database anyway.",
    });
  }
  if (env.SMTP_URL && !env.SMTP_FROM) problems.push({ variable: "SMTP_FROM", reason: "SMTP_FROM is required when SMTP_URL is set" });
  return problems;
}

function parseTrustProxy(raw: string): AppConfig["trustProxy"] {
  const value = raw.trim().toLowerCase();
  if (value === "true") return true;
  if (value === "false" || value === "") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/** Reads and validates the environment once at start; nothing else in the API reads process.env. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  // Empty strings mean "unset" so `FOO=` in a .env file behaves like an absent variable.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      return { variable, reason: `${shown(variable, cleaned[variable])} ${issue.message}` };
    });
    const all = [...problems, ...crossChecks(cleaned)];
    // One problem per variable: the first reason is the useful one.
    throw new ConfigError(all.filter((p, i) => all.findIndex((q) => q.variable === p.variable) === i));
  }
  const e = parsed.data;
  const problems = crossChecks(cleaned);
  if (problems.length > 0) throw new ConfigError(problems);
  const production = e.NODE_ENV === "production";
  const publicUrl = new URL(e.PUBLIC_URL ?? "http://localhost:3000").origin;
  const pgliteDir = resolve(cwd, e.PGLITE_DATA_DIR);
  return {
    production,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith("https:"),
    database: e.DATABASE_URL ? { driver: "postgres", url: e.DATABASE_URL } : { driver: "pglite", dataDir: pgliteDir },
    encryptionKey: e.SECRET_ENCRYPTION_KEY
      ? { source: "env", value: e.SECRET_ENCRYPTION_KEY }
      : { source: "file", path: resolve(pgliteDir, "..", "secret.key") },
    previousEncryptionKeys: e.SECRET_ENCRYPTION_PREVIOUS_KEYS,
    insecureIssuerHosts: e.SSO_INSECURE_ISSUER_HOSTS,
    sessionIdleTimeoutMs: e.SESSION_IDLE_TIMEOUT_MINUTES * 60_000,
    sessionAbsoluteTimeoutMs: e.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3_600_000,
    smtp: e.SMTP_URL && e.SMTP_FROM ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    webDistDir: e.WEB_DIST_DIR ? resolve(cwd, e.WEB_DIST_DIR) : null,
    domainDns: { servers: e.DOMAIN_DNS_SERVERS, timeoutMs: e.DOMAIN_DNS_TIMEOUT_MS },
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
      discoverPerIp: e.RATE_LIMIT_DISCOVER_PER_IP,
      passwordPerIp: e.RATE_LIMIT_PASSWORD_ATTEMPTS_PER_IP,
      startSsoPerIp: e.RATE_LIMIT_START_SSO_PER_IP,
      callbackPerIp: e.RATE_LIMIT_SSO_CALLBACK_PER_IP,
      passwordFailureWindowMs: e.RATE_LIMIT_PASSWORD_FAILURE_WINDOW_SECONDS * 1000,
      passwordFailuresPerEmailIp: e.RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL_IP,
      passwordFailuresPerIp: e.RATE_LIMIT_PASSWORD_FAILURES_PER_IP,
      passwordFailuresPerEmail: e.RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL,
      passwordSlowdownMaxMs: e.RATE_LIMIT_PASSWORD_SLOWDOWN_MAX_MS,
    },
    scim: DEFAULT_SCIM_LIMITS,
  };
}
