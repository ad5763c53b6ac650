/** returnTo is attacker-chosen (it rides in a link to /login): only this origin's paths survive. */
import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_TO, safeReturnTo } from "@jams/contract/return-to";

describe("safeReturnTo", () => {
  it.each([
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\tevil",
    "/x\nSet-Cookie: a=b",
    // Dot segments normalise into a protocol-relative URL unless the parser's output is re-checked.
    "/..//evil.example/x",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    // The sign-in pages themselves would loop (the web app's rule, now shared through @jams/contract).
    "/login",
    "/invite/abc",
    "/auth/sso/callback?code=x",
  ])("refuses %j", (raw) => {
    expect(safeReturnTo(raw)).toBe(DEFAULT_RETURN_TO);
  });

  it("refuses very long paths", () => {
    expect(safeReturnTo(`/${"a".repeat(3000)}`)).toBe(DEFAULT_RETURN_TO);
  });

  it.each([
    ["/reports?x=1", "/reports?x=1"],
    ["/settings/profile#top", "/settings/profile#top"],
    ["/a/../b", "/b"],
    ["/%2F%2Fevil", "/%2F%2Fevil"],
  ])("keeps %j on this origin", (raw, expected) => {
    expect(safeReturnTo(raw)).toBe(expected);
  });
});
