import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations";

export const userRole = pgEnum("user_role", ["admin", "member"]);
export const userStatus = pgEnum("user_status", ["invited", "active", "disabled"]);
export const signInMethod = pgEnum("sign_in_method", ["password", "sso"]);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    // Stored already normalised (lower-case ASCII); the unique index on lower() guards writers that forget.
    email: text().notNull(),
    displayName: text(),
    role: userRole().notNull().default("member"),
    status: userStatus().notNull().default("invited"),
    passwordHash: text(),
    lastSignInAt: timestamp({ withTimezone: true }),
    lastSignInMethod: signInMethod(),
    // Set while the organisation's SCIM directory manages this user; hand edits of managed fields are refused.
    scimManaged: boolean().notNull().default(false),
    // The IdP's own id for the user (SCIM externalId), echoed back and filterable; unique per organisation.
    scimExternalId: text(),
    givenName: text(),
    familyName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // An address HOLDS an account in at most one organisation (login discovery routes by email).
    // Invitations do not hold it: several organisations may invite the same address without
    // learning of each other, and the first acceptance wins (the index decides a race).
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`).where(sql`${t.status} <> 'invited'`),
    uniqueIndex("users_organization_email_lower_unique").on(t.organizationId, sql`lower(${t.email})`),
    // Discovery and password sign-in look an address up across organisations, invited rows included.
    index("users_email_lower_idx").on(sql`lower(${t.email})`),
    index("users_organization_idx").on(t.organizationId),
    uniqueIndex("users_organization_scim_external_id_unique").on(t.organizationId, t.scimExternalId),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    invitedBy: uuid(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitations_user_idx").on(t.userId)],
);
