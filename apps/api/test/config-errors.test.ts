import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

const KEY = randomBytes(32).toString("base64");
const PROD = { NODE_ENV: "production", PUBLIC_URL: "https://sso.example.com", SECRET_ENCRYPTION_KEY: KEY, DATABASE_URL: "postgres://db/jams" };

function problemsOf(env: Record<string, string>): { variable: string; reason: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration errors", () => {
  it("reports every bad variable at once, each with its name and reason", () => {
    const problems = problemsOf({ PORT: "abc", LOG_LEVEL: "loud", SESSION_IDLE_TIMEOUT_MINUTES: "-5" });
    expect(problems.map((p) => p.variable).sort()).toEqual(["LOG_LEVEL", "PORT", "SESSION_IDLE_TIMEOUT_MINUTES"]);
    for (const problem of problems) expect(problem.reason.length).toBeGreaterThan(5);
    try {
      loadConfig({ PORT: "abc", LOG_LEVEL: "loud" });
    } catch (error) {
      expect(String((error as Error).message)).toContain("PORT=abc");
      expect(String((error as Error).message)).toContain("LOG_LEVEL=loud");
    }
  });

  it("names a SECRET_ENCRYPTION_KEY that is not 32 bytes of base64 at config time, without echoing it", () => {
    const short = randomBytes(16).toString("base64");
    const problems = problemsOf({ SECRET_ENCRYPTION_KEY: short });
    expect(problems.map((p) => p.variable)).toEqual(["SECRET_ENCRYPTION_KEY"]);
    expect(JSON.stringify(problems)).not.toContain(short);
    expect(problemsOf({ SECRET_ENCRYPTION_KEY: "not base64 at all!" }).map((p) => p.variable)).toEqual(["SECRET_ENCRYPTION_KEY"]);
    expect(problemsOf({ SECRET_ENCRYPTION_PREVIOUS_KEYS: `${KEY},short` }).map((p) => p.variable)).toEqual(["SECRET_ENCRYPTION_PREVIOUS_KEYS"]);
  });

  it("collects production problems together", () => {
    const problems = problemsOf({ NODE_ENV: "production", PUBLIC_URL: "http://sso.example.com", PORT: "99999" });
    expect(problems.map((p) => p.variable).sort()).toEqual(["DATABASE_URL", "PORT", "PUBLIC_URL", "SECRET_ENCRYPTION_KEY"]);
  });

  it("refuses the embedded database in production unless explicitly allowed, and says how", () => {
    const { DATABASE_URL: _omit, ...embedded } = PROD;
    const problems = problemsOf(embedded);
    expect(problems.map((p) => p.variable)).toEqual(["DATABASE_URL"]);
    expect(problems[0]?.reason).toContain("ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true");
    expect(loadConfig({ ...embedded, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true" }).database.driver).toBe("pglite");
    expect(loadConfig(PROD).database.driver).toBe("postgres");
    expect(problemsOf({ ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "maybe" }).map((p) => p.variable)).toEqual(["ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION"]);
  });
});
