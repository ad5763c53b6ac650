import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { organizations, users } from "@jams/db/schema";
import { recordAuditEvent } from "../audit/record-audit-event";
import { DomainError } from "../errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../shared/password";
import { assertEmailFree, isUniqueViolation, issueInvitation, normalizeEmailOrThrow } from "../users/create-invitation";

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "org";
}

export interface CreatedOrganization {
  organizationId: string;
  slug: string;
  adminUserId: string;
  /** Set when no password was given: the admin accepts this one-time invitation instead. */
  inviteToken: string | null;
}

/** Bootstrap (CLI / demo): an organisation and its first admin, with a password or an invitation. */
export async function createOrganizationWithAdmin(
  db: Database,
  input: { name: string; adminEmail: string; adminPassword?: string | undefined; adminName?: string | undefined; now: Date },
): Promise<CreatedOrganization> {
  const email = normalizeEmailOrThrow(input.adminEmail);
  if (input.adminPassword !== undefined && input.adminPassword.length < MIN_PASSWORD_LENGTH) throw new DomainError("invalid_input");
  const passwordHash = input.adminPassword !== undefined ? await hashPassword(input.adminPassword) : null;
  try {
    return await db.transaction(async (tx) => {
      await assertEmailFree(tx, email);
      let slug = slugify(input.name);
      const [clash] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1);
      if (clash) slug = `${slug}-${randomBytes(3).toString("hex")}`;
      const [org] = await tx.insert(organizations).values({ name: input.name, slug }).returning({ id: organizations.id });
      if (!org) throw new Error("organization insert returned nothing");
      const [admin] = await tx
        .insert(users)
        .values({
          organizationId: org.id,
          email,
          displayName: input.adminName ?? null,
          role: "admin",
          status: passwordHash ? "active" : "invited",
          passwordHash,
        })
        .returning({ id: users.id });
      if (!admin) throw new Error("user insert returned nothing");
      const inviteToken = passwordHash ? null : await issueInvitation(tx, { userId: admin.id, invitedBy: null, now: input.now });
      await recordAuditEvent(tx, {
        organizationId: org.id,
        actor: null,
        action: "organization.created",
        target: { type: "organization", id: org.id },
        metadata: { name: input.name, slug, adminEmail: email },
      });
      return { organizationId: org.id, slug, adminUserId: admin.id, inviteToken };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("email_taken");
    throw error;
  }
}

export async function findOrganizationBySlug(db: Database, slug: string): Promise<{ id: string; name: string } | null> {
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, slug))
    .limit(1);
  return org ?? null;
}
