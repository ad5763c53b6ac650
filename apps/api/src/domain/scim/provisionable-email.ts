import type { Transaction } from "@jams/db/client";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerOf } from "../domains/domain-owner";
import { invalidValue } from "./errors";

/**
 * Provisioning never crosses organisations: an address on a domain that ANOTHER organisation has
 * verified cannot be created or moved here. The detail does not name the other organisation.
 */
export async function assertEmailProvisionable(tx: Transaction, input: { organizationId: string; email: string }): Promise<void> {
  const owner = await verifiedOwnerOf(tx, emailDomain(input.email));
  if (owner !== null && owner !== input.organizationId) {
    throw invalidValue("userName: this email domain is verified by another organisation");
  }
}
