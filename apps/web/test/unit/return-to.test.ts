/** The login link the SPA builds for a signed-out visitor (the returnTo rule itself: @jams/contract). */
import { describe, expect, it } from "vitest";
import { loginPathFor } from "../../src/lib/return-to";

describe("loginPathFor", () => {
  it("carries the page the visitor wanted", () => {
    expect(loginPathFor({ pathname: "/users", search: "?x=1", hash: "" })).toBe("/login?returnTo=%2Fusers%3Fx%3D1");
  });
  it("omits returnTo when it would be the default", () => {
    expect(loginPathFor({ pathname: "/dashboard", search: "", hash: "" })).toBe("/login");
  });
});
