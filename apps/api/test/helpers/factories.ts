import { randomUUID } from "node:crypto";
import type { Database } from "@jams/db/client";
import { organizations, users } from "@jams/db/schema";
import { hashPassword } from "../../src/domain/shared/password";

export const unique = () => randomUUID().slice(0, 8);
export const PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

export async function makeOrg(db: Database) {
  const key = unique();
  const [org] = await db.insert(organizations).values({ name: `Org ${key}`, slug: `org-${key}` }).returning({
    id: organizations.id,
    slug: organizations.slug,
  });
  if (!org) throw new Error("organization insert returned nothing");
  return org;
}

export async function makeUser(
  db: Database,
  organizationId: string,
  options: { email?: string; role?: "admin" | "member"; status?: "invited" | "active" | "disabled"; password?: boolean } = {},
) {
  passwordHash ??= hashPassword(PASSWORD);
  const status = options.status ?? "active";
  const [user] = await db
    .insert(users)
    .values({
      organizationId,
      email: options.email ?? `user-${unique()}@example.com`,
      displayName: "Test User",
      role: options.role ?? "member",
      status,
      passwordHash: options.password === false || status === "invited" ? null : await passwordHash,
    })
    .returning({ id: users.id, email: users.email, organizationId: users.organizationId });
  if (!user) throw new Error("user insert returned nothing");
  return user;
}

/** An organisation with an active password admin. */
export async function makeOrgWithAdmin(db: Database) {
  const org = await makeOrg(db);
  const admin = await makeUser(db, org.id, { role: "admin" });
  return { org, admin };
}
