import { normalizeEmail } from "@jams/oidc/email";
import { type ScimContext, USER_SCHEMA, versionOf } from "./context";
import { invalidValue } from "./errors";

export interface UserRow {
  id: string;
  email: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  status: "invited" | "active" | "disabled";
  role: "admin" | "member";
  scimExternalId: string | null;
  scimManaged: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What a SCIM body may set on a user; everything else in the body is ignored (IdPs send extras). */
export interface UserInput {
  email: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
}

const MAX_TEXT = 200;
const MAX_EXTERNAL_ID = 255;

export function toScimUser(ctx: ScimContext, row: UserRow) {
  const formatted = [row.givenName, row.familyName].filter(Boolean).join(" ");
  return {
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.scimExternalId !== null ? { externalId: row.scimExternalId } : {}),
    userName: row.email,
    name: {
      ...(formatted ? { formatted } : {}),
      ...(row.givenName !== null ? { givenName: row.givenName } : {}),
      ...(row.familyName !== null ? { familyName: row.familyName } : {}),
    },
    ...(row.displayName !== null ? { displayName: row.displayName } : {}),
    emails: [{ value: row.email, type: "work", primary: true }],
    active: row.status !== "disabled",
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${ctx.baseUrl}/Users/${row.id}`,
      version: versionOf(row.updatedAt),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Attribute names are case-insensitive in SCIM (RFC 7643 §2.1); IdPs mostly, but not always, use the canonical case. */
function pick(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const lower = name.toLowerCase();
  const key = Object.keys(body).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : body[key];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /\p{Cs}/u;

function optionalText(value: unknown, attribute: string, max = MAX_TEXT): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw invalidValue(`${attribute} must be a string`);
  const text = value.trim();
  // Lone surrogates cannot be stored as UTF-8 text; control characters have no place in a name.
  if (text.length > max || CONTROL.test(text) || LONE_SURROGATE.test(text)) {
    throw invalidValue(`${attribute} is not acceptable`);
  }
  return text === "" ? null : text;
}

/** Entra ID sends "True"/"False" strings for booleans; anything else that is not a boolean is refused. */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw invalidValue(`${attribute} must be a boolean`);
}

function emailFrom(body: Record<string, unknown>): string {
  const userName = pick(body, "userName");
  if (typeof userName !== "string" || userName.trim() === "") throw invalidValue("userName is required");
  const direct = normalizeEmail(userName.trim());
  if (direct) return direct;
  // Entra may send a UPN that is not a mailbox; the primary (or work) email is then the address.
  const emails = pick(body, "emails");
  if (Array.isArray(emails)) {
    const records = emails.filter(isRecord);
    const chosen = records.find((e) => e.primary === true || e.primary === "True" || e.primary === "true") ??
      records.find((e) => e.type === "work") ??
      records[0];
    if (chosen && typeof chosen.value === "string") {
      const email = normalizeEmail(chosen.value.trim());
      if (email) return email;
    }
  }
  throw invalidValue("userName must be an email address (or emails must hold one)");
}

export function parseUserInput(body: unknown): UserInput {
  if (!isRecord(body)) throw invalidValue("The body must be a JSON object");
  const name = pick(body, "name");
  if (name !== undefined && name !== null && !isRecord(name)) throw invalidValue("name must be an object");
  const givenName = optionalText(name ? pick(name, "givenName") : undefined, "name.givenName");
  const familyName = optionalText(name ? pick(name, "familyName") : undefined, "name.familyName");
  const formatted = optionalText(name ? pick(name, "formatted") : undefined, "name.formatted");
  const displayName =
    optionalText(pick(body, "displayName"), "displayName") ?? formatted ?? ([givenName, familyName].filter(Boolean).join(" ") || null);
  const active = pick(body, "active");
  const emails = pick(body, "emails");
  if (emails !== undefined && emails !== null && !Array.isArray(emails)) throw invalidValue("emails must be an array");
  return {
    email: emailFrom(body),
    displayName,
    givenName,
    familyName,
    externalId: optionalText(pick(body, "externalId"), "externalId", MAX_EXTERNAL_ID),
    active: active === undefined || active === null ? true : scimBoolean(active, "active"),
  };
}
