import { sql, type SQL } from "drizzle-orm";
import { scimGroupMembers, scimGroups } from "@jams/db/schema";
import { GROUP_SCHEMA, type ScimContext, versionOf } from "./context";
import { invalidValue } from "./errors";
import type { FilterAttribute, FilterSchema } from "./filter";

export interface GroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface GroupInput {
  displayName: string;
  externalId: string | null;
  /** User ids, deduplicated. */
  memberIds: string[];
}

export const MAX_GROUP_MEMBERS_PER_REQUEST = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /\p{Cs}/u;

export function toScimGroup(ctx: ScimContext, row: GroupRow, members: { id: string; email: string }[] | null) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    displayName: row.displayName,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    ...(members
      ? { members: members.map((m) => ({ value: m.id, display: m.email, type: "User", $ref: `${ctx.baseUrl}/Users/${m.id}` })) }
      : {}),
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${ctx.baseUrl}/Groups/${row.id}`,
      version: versionOf(row.updatedAt),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pick(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function text(value: unknown, attribute: string, max: number): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw invalidValue(`${attribute} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > max || CONTROL.test(trimmed) || LONE_SURROGATE.test(trimmed)) throw invalidValue(`${attribute} is not acceptable`);
  return trimmed === "" ? null : trimmed;
}

export function parseGroupInput(body: unknown): GroupInput {
  if (!isRecord(body)) throw invalidValue("The body must be a JSON object");
  const displayName = text(pick(body, "displayName"), "displayName", 200);
  if (displayName === null) throw invalidValue("displayName is required");
  const rawMembers = pick(body, "members") ?? [];
  if (!Array.isArray(rawMembers)) throw invalidValue("members must be an array");
  if (rawMembers.length > MAX_GROUP_MEMBERS_PER_REQUEST) throw invalidValue("Too many members in one request");
  const memberIds = new Set<string>();
  for (const member of rawMembers) {
    const value = isRecord(member) ? member.value : undefined;
    // Any id that is not one of our user ids cannot be a member, here or in another organisation.
    if (typeof value !== "string" || !UUID.test(value)) throw invalidValue("members[].value must be a user id");
    memberIds.add(value.toLowerCase());
  }
  return { displayName, externalId: text(pick(body, "externalId"), "externalId", 255), memberIds: [...memberIds] };
}

const memberOf = (condition: SQL) =>
  sql`exists (select 1 from ${scimGroupMembers} m where m.group_id = ${scimGroups}.id and ${condition})`;

const memberValue: FilterAttribute = { kind: "uuid", column: sql`m.user_id`, wrap: memberOf };

export const groupFilterSchema: FilterSchema = {
  attributes: {
    id: { kind: "uuid", column: scimGroups.id },
    displayname: { kind: "string", column: scimGroups.displayName },
    externalid: { kind: "caseExactString", column: scimGroups.externalId },
    "members.value": memberValue,
    members: memberValue,
    "meta.created": { kind: "dateTime", column: scimGroups.createdAt },
    "meta.lastmodified": { kind: "dateTime", column: scimGroups.updatedAt },
  },
  urnPrefix: "urn:ietf:params:scim:schemas:core:2.0:group:",
  valuePaths: {
    members: (inner, translate) => memberOf(translate(inner, { value: { kind: "uuid", column: sql`m.user_id` } })),
  },
};
