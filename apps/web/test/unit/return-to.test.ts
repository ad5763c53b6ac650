import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_TO, safeReturnTo } from "@jams/contract/return-to";
import { loginPathFor } from "../../src/lib/return-to";

describe("safeReturnTo", () => {
  it.each([
    ["/users", "/users"],
    ["/integrations/sso?connection=new", "/integrations/sso?connection=new"],
    ["/docs/sso-errors#sso_required", "/docs/sso-errors#sso_required"],
    ["/a/../users", "/users"],
  ])("keeps same-origin path %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "users",
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "/\tevil",
    "javascript:alert(1)",
    "/login",
    "/login?returnTo=/users",
    "/invite/abc",
    "/auth/sso/callback?code=x",
    `/${"a".repeat(3000)}`,
  ])("falls back to the dashboard for %s", (input) => {
    expect(safeReturnTo(input)).toBe(DEFAULT_RETURN_TO);
  });
});

describe("loginPathFor", () => {
  it("carries the page the visitor wanted", () => {
    expect(loginPathFor({ pathname: "/users", search: "?x=1", hash: "" })).toBe("/login?returnTo=%2Fusers%3Fx%3D1");
  });
  it("omits returnTo when it would be the default", () => {
    expect(loginPathFor({ pathname: "/dashboard", search: "", hash: "" })).toBe("/login");
  });
});
