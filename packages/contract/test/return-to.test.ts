/** returnTo is attacker-chosen (it rides in a link to /login): only this origin's paths survive. */
import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_TO, safeReturnTo } from "../src/return-to";

describe("safeReturnTo", () => {
  it.each([
    null,
    undefined,
    "",
    "users",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\tevil",
    "/ evil",
    "/x\nSet-Cookie: a=b",
    // Dot segments normalise into a protocol-relative URL unless the parser's output is re-checked.
    "/..//evil.example/x",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    // The sign-in pages themselves would loop.
    "/login",
    "/login?returnTo=/users",
    "/invite/abc",
    "/auth/sso/callback?code=x",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (raw) => {
    expect(safeReturnTo(raw)).toBe(DEFAULT_RETURN_TO);
  });

  it.each([
    ["/dashboard", "/dashboard"],
    ["/reports?x=1", "/reports?x=1"],
    ["/settings/profile#top", "/settings/profile#top"],
    ["/integrations/sso?connection=new", "/integrations/sso?connection=new"],
    ["/docs/sso-errors#sso_required", "/docs/sso-errors#sso_required"],
    ["/a/../b", "/b"],
    ["/%2F%2Fevil", "/%2F%2Fevil"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/loginx", "/loginx"],
  ])("keeps %j on this origin", (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });
});
