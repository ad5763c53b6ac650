import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isSsoError, SSO_ERROR_CATALOGUE, SSO_ERROR_CODES, SsoError } from "../src/errors";

describe("error catalogue", () => {
  it("has complete customer-facing text for every code", () => {
    for (const code of SSO_ERROR_CODES) {
      const info = SSO_ERROR_CATALOGUE[code];
      expect(info.code).toBe(code);
      for (const field of [info.title, info.userMessage, info.cause, info.adminHint]) expect(field.length).toBeGreaterThan(10);
    }
  });

  it("sso_idp_rejected explains the exact redirect URI match and unassigned users", () => {
    const { cause, adminHint } = SSO_ERROR_CATALOGUE.sso_idp_rejected;
    const text = `${cause} ${adminHint}`;
    expect(text).toMatch(/EXACTLY/);
    expect(text).toMatch(/https/);
    expect(text).toMatch(/trailing slash/);
    expect(text).toMatch(/assign/i);
  });

  it("user_not_provisioned explains case, typo/alias, and invite-first (no JIT)", () => {
    const text = `${SSO_ERROR_CATALOGUE.user_not_provisioned.cause} ${SSO_ERROR_CATALOGUE.user_not_provisioned.adminHint}`;
    expect(text).toMatch(/case/);
    expect(text).toMatch(/typo/);
    expect(text).toMatch(/alias/);
    expect(text).toMatch(/Invite/);
    expect(text).toMatch(/just-in-time/);
  });
});

describe("SsoError", () => {
  it("carries a stable code, sanitised diagnostics, and never the cause in its renderings", () => {
    const err = new SsoError("sso_token_exchange_failed", {
      idpError: "invalid_client\u0007",
      idpErrorDescription: "y".repeat(1000),
      cause: new Error("secret-value-123"),
    });
    expect(isSsoError(err)).toBe(true);
    expect(isSsoError(new Error("x"))).toBe(false);
    expect(err.code).toBe("sso_token_exchange_failed");
    expect(err.idpError).toBe("invalid_client?");
    expect(err.idpErrorDescription?.length).toBe(201);
    expect(JSON.stringify(err)).not.toContain("secret-value-123");
    expect(String(err)).not.toContain("secret-value-123");
    expect(err.message).toBe("sso_token_exchange_failed: Code exchange with the identity provider failed");
    expect(inspect(err)).toContain("sso_token_exchange_failed");
  });
});
