import { TRPCClientError } from "@trpc/client";
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import { GENERAL_ERROR_CODES, SSO_ERROR_CODES } from "@jams/contract/error-codes";
import { describe, expect, it } from "vitest";
import { appCodeOf, describeCode, describeError, describeLoginError, errorDetailOf } from "../../src/lib/errors";
import { emailProblem, readLoginParams } from "../../src/lib/login-state";

/** What the sign-in page shows for its query string's `?error=`. */
function loginError(search: string) {
  const { error } = readLoginParams(search);
  return error === undefined ? undefined : describeLoginError(error);
}

function trpcError(data: Record<string, unknown>): TRPCClientError<never> {
  return new TRPCClientError("boom", { result: { error: { code: -32600, message: "boom", data } } as never });
}

describe("readLoginParams", () => {
  it("describes an SSO error code from the callback with its catalogue text and docs anchor", () => {
    const error = loginError("?error=user_not_provisioned");
    expect(error).toMatchObject({
      code: "user_not_provisioned",
      title: SSO_ERROR_CATALOGUE.user_not_provisioned.title,
      message: SSO_ERROR_CATALOGUE.user_not_provisioned.userMessage,
      adminHint: SSO_ERROR_CATALOGUE.user_not_provisioned.adminHint,
      docsHref: "/docs/sso-errors#user_not_provisioned",
    });
  });

  it("links every catalogue code to its reference anchor", () => {
    for (const code of SSO_ERROR_CODES) {
      expect(loginError(`?error=${code}`)?.docsHref).toBe(`/docs/sso-errors#${code}`);
    }
  });

  it("knows non-SSO application codes", () => {
    expect(loginError("?error=rate_limited")).toMatchObject({ code: "rate_limited", title: "Too many attempts" });
  });

  it("does not echo junk from the query string, but still says sign-in failed", () => {
    const error = loginError(`?error=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(error?.code).toBeUndefined();
    expect(error?.title).toBe("Sign-in failed");
    expect(JSON.stringify(error)).not.toContain("<script>");
  });

  it("has no error without ?error=", () => {
    expect(loginError("")).toBeUndefined();
  });

  it("sanitises returnTo and reads the email prefill", () => {
    expect(readLoginParams("?returnTo=//evil.example&email=%20a@b.test%20")).toMatchObject({ returnTo: "/dashboard", email: "a@b.test" });
    expect(readLoginParams("?returnTo=%2Fusers").returnTo).toBe("/users");
  });
});

describe("API errors", () => {
  it("reads data.appCode and the server hint", () => {
    const error = trpcError({ appCode: "issuer_is_discovery_url", hint: "Strip it.", suggestedIssuer: "https://x.okta.com/oauth2/default" });
    expect(appCodeOf(error)).toBe("issuer_is_discovery_url");
    expect(errorDetailOf(error, "suggestedIssuer")).toBe("https://x.okta.com/oauth2/default");
    const described = describeError(error);
    expect(described.code).toBe("issuer_is_discovery_url");
    expect(described.message).toContain("Strip it.");
  });

  it("maps sso_required to the catalogue message", () => {
    expect(describeError(trpcError({ appCode: "sso_required" }))).toMatchObject({
      code: "sso_required",
      message: SSO_ERROR_CATALOGUE.sso_required.userMessage,
    });
  });

  it("has its own message for every other code the API returns", () => {
    for (const code of GENERAL_ERROR_CODES) expect(describeCode(code).title).not.toBe("Something went wrong");
  });

  it("falls back for unknown failures", () => {
    expect(describeError(new Error("x")).title).toBe("Something went wrong");
    expect(describeCode("totally_new_code").code).toBe("totally_new_code");
  });
});

describe("emailProblem", () => {
  it("asks for an email when the field is empty, and a complete one when it is not an address", () => {
    expect(emailProblem("")).toBe("Enter your email address.");
    expect(emailProblem("mia")).toBe("Enter a complete email address, like name@company.com.");
    expect(emailProblem("mia@")).toBe("Enter a complete email address, like name@company.com.");
    expect(emailProblem("mia @acme.test")).toBe("Enter a complete email address, like name@company.com.");
  });

  it("leaves anything shaped like an address to the API", () => {
    expect(emailProblem("mia@acme.test")).toBeUndefined();
    expect(emailProblem("Mia.Member+sso@ACME.test")).toBeUndefined();
  });
});
