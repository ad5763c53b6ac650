import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { DEFAULT_SCOPES } from "@jams/contract/connection-defaults";
import { organizations } from "../organizations";
import { users } from "../users";

export const tokenEndpointAuthMethod = pgEnum("token_endpoint_auth_method", [
  "client_secret_basic",
  "client_secret_post",
]);
export const ssoFlowPurpose = pgEnum("sso_flow_purpose", ["sign_in", "test"]);
export const ssoAttemptOutcome = pgEnum("sso_attempt_outcome", ["pending", "succeeded", "failed"]);

export const ssoConnections = pgTable(
  "sso_connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    label: text().notNull(),
    issuer: text().notNull(),
    clientId: text().notNull(),
    // AES-256-GCM envelope from @jams/db/secrets, bound to this row's id as associated data.
    clientSecretEncrypted: text().notNull(),
    clientSecretLast4: text().notNull(),
    scopes: text().notNull().default(DEFAULT_SCOPES),
    emailClaim: text().notNull().default("email"),
    nameClaim: text().notNull().default("name"),
    tokenEndpointAuthMethod: tokenEndpointAuthMethod().notNull().default("client_secret_basic"),
    requireVerifiedEmail: boolean().notNull().default(true),
    enabled: boolean().notNull().default(true),
    lastTestedAt: timestamp({ withTimezone: true }),
    verifiedAt: timestamp({ withTimezone: true }),
    // The latest Check connection result (what the IdP answered, secret redacted), shown per field.
    lastCheck: jsonb().$type<Record<string, unknown>>(),
    lastCheckedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sso_connections_organization_idx").on(t.organizationId)],
);

export const ssoIdentities = pgTable(
  "sso_identities",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: uuid()
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    subject: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sso_identities_connection_subject_unique").on(t.connectionId, t.subject),
    // One IdP account per user per connection: a second `sub` for the same user is a conflict, not a new link.
    uniqueIndex("sso_identities_connection_user_unique").on(t.connectionId, t.userId),
    index("sso_identities_user_idx").on(t.userId),
  ],
);

export const ssoSignInAttempts = pgTable(
  "sso_sign_in_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    connectionId: uuid()
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    purpose: ssoFlowPurpose().notNull(),
    emailHint: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    outcome: ssoAttemptOutcome().notNull().default("pending"),
    code: text(),
    idpError: text(),
    idpErrorDescription: text(),
    userId: uuid().references(() => users.id, { onDelete: "set null" }),
    subject: text(),
    // Only the claims the admin needs to diagnose a mapping (email, name, sub, email_verified); never tokens.
    claims: jsonb().$type<Record<string, unknown>>(),
    // What the IdP said beyond error/description: HTTP status, clock skew, claims received (tests only).
    evidence: jsonb().$type<Record<string, unknown>>(),
    durationMs: integer(),
  },
  (t) => [index("sso_sign_in_attempts_connection_started_idx").on(t.connectionId, t.startedAt)],
);

export const ssoTransactions = pgTable(
  "sso_transactions",
  {
    // SHA-256 of the `state` sent to the IdP: the callback finds its transaction by it in one indexed read.
    stateHash: text().primaryKey(),
    connectionId: uuid()
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    attemptId: uuid()
      .notNull()
      .references(() => ssoSignInAttempts.id, { onDelete: "cascade" }),
    purpose: ssoFlowPurpose().notNull(),
    nonce: text().notNull(),
    codeVerifier: text().notNull(),
    // SHA-256 of the HttpOnly cookie value set on the browser that started the flow.
    browserBindingHash: text().notNull(),
    initiatedByUserId: uuid().references(() => users.id, { onDelete: "cascade" }),
    returnTo: text().notNull().default("/"),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sso_transactions_expires_idx").on(t.expiresAt)],
);
