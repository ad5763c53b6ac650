import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations";

/**
 * Email domains an organisation claims. Verified by a DNS TXT record holding the row's token;
 * once verified, that organisation alone may invite or activate users on the domain, and login
 * discovery for any address on it answers from that organisation.
 */
export const organizationDomains = pgTable(
  "organization_domains",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // Lower-case ASCII (IDNA), no trailing dot.
    domain: text().notNull(),
    // Random, per organisation and domain: published as the TXT value, so it is not a secret.
    verificationToken: text().notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    // No foreign key: the record of who verified must outlive that admin's account.
    verifiedByUserId: uuid(),
    verifiedByEmail: text(),
    lastCheckedAt: timestamp({ withTimezone: true }),
    // Stable code of the last failed check (domain_txt_missing, domain_dns_failed, …).
    lastCheckCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organization_domains_org_domain_unique").on(t.organizationId, t.domain),
    // A domain is verified by at most one organisation; the database decides a race.
    uniqueIndex("organization_domains_verified_unique").on(t.domain).where(sql`${t.verifiedAt} is not null`),
    index("organization_domains_domain_idx").on(t.domain),
  ],
);
