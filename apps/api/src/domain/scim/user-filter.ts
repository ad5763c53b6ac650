import { sql } from "drizzle-orm";
import { users } from "@jams/db/schema";
import type { FilterAttribute, FilterSchema } from "./filter";
import { invalidFilter } from "./errors";

const email: FilterAttribute = { kind: "string", column: users.email };

/** The user attributes a filter may name; anything else is 400 invalidFilter. */
const attributes: Record<string, FilterAttribute> = {
  id: { kind: "uuid", column: users.id },
  username: email,
  emails: email,
  "emails.value": email,
  externalid: { kind: "caseExactString", column: users.scimExternalId },
  displayname: { kind: "string", column: users.displayName },
  "name.givenname": { kind: "string", column: users.givenName },
  "name.familyname": { kind: "string", column: users.familyName },
  active: { kind: "boolean", column: sql`(${users.status} <> 'disabled')` },
  "meta.created": { kind: "dateTime", column: users.createdAt },
  "meta.lastmodified": { kind: "dateTime", column: users.updatedAt },
};

// Inside emails[...]: the one address is type "work" and primary, so those tests are constants.
const emailSubAttributes: Record<string, FilterAttribute> = {
  value: email,
  type: { kind: "string", column: sql`'work'` },
  primary: { kind: "boolean", column: sql`true` },
};

export const userFilterSchema: FilterSchema = {
  attributes,
  urnPrefix: "urn:ietf:params:scim:schemas:core:2.0:user:",
  valuePaths: {
    emails: (inner, translate) => translate(inner, emailSubAttributes),
    groups: () => {
      throw invalidFilter("Filtering users by groups is not supported");
    },
  },
};
