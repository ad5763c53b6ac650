/** One source for the admin's fix: the attempts list and the Test sign-in panel both read adminHintFor. */
import { SSO_ERROR_CATALOGUE } from "@jams/contract/error-catalogue";
import { describe, expect, it } from "vitest";
import { adminHintFor } from "../src/domain/sso/test-result";

const noEvidence = { cause: null, fix: null };

describe("adminHintFor", () => {
  it("prefers the fix chosen from the evidence", () => {
    expect(adminHintFor("sso_idp_rejected", { cause: "c", fix: "Assign the user." })).toBe("Assign the user.");
  });

  it("falls back to the catalogue's hint for the code", () => {
    expect(adminHintFor("user_not_provisioned", noEvidence)).toBe(SSO_ERROR_CATALOGUE.user_not_provisioned.adminHint);
  });

  it("explains an outage on our side, and has nothing for success or unknown codes", () => {
    expect(adminHintFor("service_unavailable", noEvidence)).toMatch(/could not reach its database/);
    expect(adminHintFor(null, noEvidence)).toBeNull();
    expect(adminHintFor("internal_error", noEvidence)).toBeNull();
  });
});
