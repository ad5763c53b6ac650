import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations";
import { ssoConnections } from "../sso";
import { signInMethod, users } from "../users";

export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    // SHA-256 of the opaque cookie value; the value itself is never stored.
    tokenHash: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    method: signInMethod().notNull(),
    connectionId: uuid().references(() => ssoConnections.id, { onDelete: "set null" }),
    // Encrypted ID token kept only as id_token_hint for RP-initiated logout at the IdP.
    idTokenHintEncrypted: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    idleExpiresAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    // Why it ended, when the person should be told (e.g. "sso_enforced" on /login); null otherwise.
    revokedReason: text(),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    index("sessions_organization_idx").on(t.organizationId),
  ],
);
