import { and, eq, isNotNull } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { organizationDomains } from "@jams/db/schema";

/** The organisation that verified `domain`, or null when nobody has. */
export async function verifiedOwnerOf(db: Database | Transaction, domain: string): Promise<string | null> {
  const [row] = await db
    .select({ organizationId: organizationDomains.organizationId })
    .from(organizationDomains)
    .where(and(eq(organizationDomains.domain, domain), isNotNull(organizationDomains.verifiedAt)))
    .limit(1);
  return row?.organizationId ?? null;
}
