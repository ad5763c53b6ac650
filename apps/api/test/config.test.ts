import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_RATE_LIMITS, ENV_VARS, loadConfig, READ_ENV_NAMES } from "../src/config";
import { safeReturnTo } from "@jams/contract/return-to";
import { redactUrl } from "../src/http/logging";

const KEY = randomBytes(32).toString("base64");
const DB = "postgres://db/jams";

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config).toMatchObject({
      production: false,
      host: "127.0.0.1",
      port: 3000,
      publicUrl: "http://localhost:3000",
      secureCookies: false,
      database: { driver: "pglite", dataDir: "/srv/app/.data/pglite" },
      encryptionKey: { source: "file", path: "/srv/app/.data/secret.key" },
      insecureIssuerHosts: [],
      sessionIdleTimeoutMs: 12 * 3_600_000,
      sessionAbsoluteTimeoutMs: 7 * 24 * 3_600_000,
      smtp: null,
      trustProxy: false,
      webDistDir: null,
    });
  });

  it("refuses to start in production without an encryption key or public URL", () => {
    expect(() => loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://sso.example.com" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_ENCRYPTION_KEY: KEY, DATABASE_URL: DB })).toThrow(ConfigError);
  });

  it("refuses an http PUBLIC_URL in production (session cookies would not be Secure)", () => {
    expect(() => loadConfig({ NODE_ENV: "production", SECRET_ENCRYPTION_KEY: KEY, DATABASE_URL: DB, PUBLIC_URL: "http://sso.example.com" })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: "production", SECRET_ENCRYPTION_KEY: KEY, DATABASE_URL: DB, PUBLIC_URL: "https://sso.example.com" })).toMatchObject({ production: true, secureCookies: true });
  });

  it("parses lists, https cookies and postgres", () => {
    const config = loadConfig({
      PUBLIC_URL: "https://sso.example.com/",
      DATABASE_URL: "postgres://db/jams",
      SSO_INSECURE_ISSUER_HOSTS: "127.0.0.1, localhost",
      TRUST_PROXY: "1",
    });
    expect(config).toMatchObject({
      publicUrl: "https://sso.example.com",
      secureCookies: true,
      database: { driver: "postgres", url: "postgres://db/jams" },
      insecureIssuerHosts: ["127.0.0.1", "localhost"],
      trustProxy: 1,
    });
    expect(() => loadConfig({ PORT: "abc" })).toThrow(ConfigError);
  });

  it("reads every rate limit from the environment, defaults equal to DEFAULT_RATE_LIMITS", () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    const tuned = loadConfig({ RATE_LIMIT_WINDOW_SECONDS: "30", RATE_LIMIT_DISCOVER_PER_IP: "5000", RATE_LIMIT_PASSWORD_FAILURES_PER_EMAIL: "50", RATE_LIMIT_PASSWORD_SLOWDOWN_MAX_MS: "0" });
    expect(tuned.rateLimits).toMatchObject({ windowMs: 30_000, discoverPerIp: 5000, passwordFailuresPerEmail: 50, passwordSlowdownMaxMs: 0 });
    expect(() => loadConfig({ RATE_LIMIT_PASSWORD_FAILURES_PER_IP: "0" })).toThrow(ConfigError);
  });

  it("documents exactly the variables it reads", () => {
    const names = ENV_VARS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...READ_ENV_NAMES].sort());
    expect(ENV_VARS.filter((v) => v.requiredInProduction).map((v) => v.name).sort()).toEqual(["PUBLIC_URL", "SECRET_ENCRYPTION_KEY"]);
  });
});

describe("safeReturnTo", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/a/b?c=d#e", "/a/b?c=d#e"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["https://evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/\tevil", "/dashboard"],
    ["", "/dashboard"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe("redactUrl", () => {
  it("hides codes, state and invitation tokens", () => {
    expect(redactUrl("/auth/sso/callback?code=abc&state=def&error=access_denied")).toBe(
      "/auth/sso/callback?code=%5Bredacted%5D&state=%5Bredacted%5D&error=access_denied",
    );
    expect(redactUrl("/invite/secret-token")).toBe("/invite/[redacted]");
  });
});

describe("README configuration table", () => {
  it("matches ENV_VARS exactly", async () => {
    const { readFile } = await import("node:fs/promises");
    const { ENV_TABLE_END, ENV_TABLE_START, renderEnvTable } = await import("../src/config-docs");
    const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf(ENV_TABLE_START) + ENV_TABLE_START.length, readme.indexOf(ENV_TABLE_END)).trim();
    expect(section).toBe(renderEnvTable());
  });
});
