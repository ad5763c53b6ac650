import { describe, expect, it } from "vitest";
import { SSO_ERROR_CATALOGUE } from "../src/error-catalogue";
import { APP_ERROR_CODES, isAppErrorCode, isSsoErrorCode, SSO_ERROR_CODES } from "../src/error-codes";
import { loginErrorPath, testResultPath } from "../src/routes";

describe("error codes", () => {
  it("are unique and look like codes", () => {
    expect(new Set(APP_ERROR_CODES).size).toBe(APP_ERROR_CODES.length);
    for (const code of APP_ERROR_CODES) expect(code).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
  });

  it("tells SSO codes from the others", () => {
    expect(isSsoErrorCode("sso_required")).toBe(true);
    expect(isSsoErrorCode("rate_limited")).toBe(false);
    expect(isAppErrorCode("rate_limited")).toBe(true);
    expect(isAppErrorCode("weak_password")).toBe(false);
  });
});

describe("error catalogue", () => {
  it("has complete customer-facing text for every SSO code, in the documented order", () => {
    expect(Object.keys(SSO_ERROR_CATALOGUE)).toEqual([...SSO_ERROR_CODES]);
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

describe("routes", () => {
  it("builds the callback's destinations", () => {
    expect(loginErrorPath("sso_state_invalid")).toBe("/login?error=sso_state_invalid");
    expect(testResultPath("a1")).toBe("/integrations/sso?test=a1");
  });
});
