import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isSsoError, SsoError } from "../src/errors";

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
