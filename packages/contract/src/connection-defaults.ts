/** What a new SSO connection asks the IdP for unless the admin changes it (the guides quote it). */
export const DEFAULT_SCOPES = "openid profile email";

export const DEFAULT_CLAIM_MAPPING = { emailClaim: "email", nameClaim: "name" } as const;
