import type { Transaction } from "@jams/db/client";

/**
 * THE plug point for verified domains (issue 9, built concurrently): once an organisation's
 * verified domains exist, a SCIM create or email change for an address outside them must be
 * refused here with `invalidValue`. Today it only documents the rule that already holds without
 * it: emails are unique product-wide (see assertEmailFree), so another organisation's address is
 * refused with 409 uniqueness by the caller, without saying which organisation holds it.
 */
export async function assertEmailProvisionable(
  _tx: Transaction,
  _input: { organizationId: string; email: string },
): Promise<void> {
  // Intentionally empty until verified domains land; see the report of issue 13.
}
