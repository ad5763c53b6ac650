import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations";
import { userRole, users } from "../users";

/**
 * One SCIM directory per organisation: the bearer token the IdP presents and the name shown on
 * /users ("Managed by Okta provisioning"). Revoking keeps the row (and its request log).
 */
export const scimDirectories = pgTable("scim_directories", {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: uuid()
    .notNull()
    .unique()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** The IdP's name as the admin chose it ("Okta", "Microsoft Entra ID"). */
  label: text().notNull(),
  // SHA-256 of a 256-bit random token: looked up by index on every SCIM request. Null once revoked.
  tokenHash: text().unique(),
  tokenLast4: text(),
  tokenCreatedAt: timestamp({ withTimezone: true }),
  tokenCreatedBy: uuid(),
  revokedAt: timestamp({ withTimezone: true }),
  lastRequestAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** SCIM Groups pushed by the IdP; their display names feed the group → role mapping. */
export const scimGroups = pgTable(
  "scim_groups",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    displayName: text().notNull(),
    externalId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scim_groups_organization_name_unique").on(t.organizationId, sql`lower(${t.displayName})`)],
);

export const scimGroupMembers = pgTable(
  "scim_group_members",
  {
    groupId: uuid()
      .notNull()
      .references(() => scimGroups.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("scim_group_members_user_idx").on(t.userId)],
);

/** IdP group name (SCIM group displayName or an ID-token `groups` value) → role in this product. */
export const groupRoleMappings = pgTable(
  "group_role_mappings",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    groupName: text().notNull(),
    role: userRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("group_role_mappings_organization_group_unique").on(t.organizationId, sql`lower(${t.groupName})`)],
);

/** What the admin sees under "Last requests received": method, path, outcome. Never bodies. */
export const scimRequests = pgTable(
  "scim_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    method: text().notNull(),
    path: text().notNull(),
    status: integer().notNull(),
    scimType: text(),
    /** The user or group the request created or changed, when there was one. */
    resourceId: text(),
    durationMs: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("scim_requests_organization_created_idx").on(t.organizationId, t.createdAt)],
);
