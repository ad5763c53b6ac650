/** The `groups` claim feeds group → role mapping: strings only, bounded, null when absent. */
import { describe, expect, it } from "vitest";
import { mapIdentity } from "../src/internal/claims";
import type { ConnectionSettings } from "../src/types";

const connection: ConnectionSettings = {
  issuer: "https://idp.example",
  clientId: "c",
  clientSecret: "s",
  tokenEndpointAuthMethod: "client_secret_basic",
  scopes: "openid email profile groups",
  emailClaim: "email",
  nameClaim: "name",
  requireVerifiedEmail: true,
};

const identity = (idClaims: Record<string, unknown>, userInfo?: Record<string, unknown>) =>
  mapIdentity({ connection, issuer: connection.issuer, subject: "s1", idClaims: { email: "a@example.com", email_verified: true, ...idClaims }, userInfo, idToken: "t" });

describe("groups claim", () => {
  it("keeps string entries from the ID token, else from UserInfo; null when absent or not an array", () => {
    expect(identity({ groups: ["Admins", 3, "", "Staff"] }).groups).toEqual(["Admins", "Staff"]);
    expect(identity({}, { groups: ["FromUserInfo"] }).groups).toEqual(["FromUserInfo"]);
    expect(identity({}).groups).toBeNull();
    expect(identity({ groups: "Admins" }).groups).toBeNull();
  });

  it("is bounded in count and length", () => {
    const many = Array.from({ length: 500 }, (_, i) => `g${i}`);
    expect(identity({ groups: [...many, "x".repeat(300)] }).groups).toHaveLength(200);
    expect(identity({ groups: ["x".repeat(300)] }).groups).toEqual([]);
  });
});
