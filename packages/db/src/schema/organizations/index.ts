import { boolean, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  ssoEnforced: boolean().notNull().default(false),
  // No foreign key: the enabling admin may later be removed, but the record of who flipped it must stay.
  ssoEnforcedBy: uuid(),
  ssoEnforcedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
