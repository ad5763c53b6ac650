import { sql, type SQL } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { executeOnce } from "@jams/db/prepared";

/**
 * The organisation that verified a domain (at most one: organization_domains_verified_unique), as
 * SQL: the one home of the rule, folded into the statements that need it (discovery, SSO
 * matching) and run alone by `verifiedOwnerOf`.
 */
export function verifiedOwnerSql(domain: SQL): SQL {
  return sql`select organization_id from organization_domains where domain = ${domain} and verified_at is not null limit 1`;
}

/** The organisation that verified `domain`, or null when nobody has. */
export async function verifiedOwnerOf(db: Database | Transaction, domain: string): Promise<string | null> {
  const [row] = await executeOnce<{ organization_id: string }>(db, verifiedOwnerSql(sql`${sql.placeholder("domain")}::text`), { domain });
  return row?.organization_id ?? null;
}
