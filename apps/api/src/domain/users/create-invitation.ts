import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { invitations, users } from "@jams/db/schema";
import { normalizeTypedEmail } from "@jams/oidc/email";
import type { UserRole } from "../context";
import { DomainError } from "../errors";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerOf } from "../domains/domain-owner";
import { randomToken, sha256 } from "../shared/crypto";

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export function inviteUrlFor(publicUrl: string, token: string): string {
  return `${publicUrl}/invite/${token}`;
}

/** Operator paths only (CLI): the operator may know that an address already has an account. */
export async function assertEmailFree(db: Database | Transaction, email: string): Promise<void> {
  const [taken] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (taken) throw new DomainError("email_taken");
}

/**
 * Whether `email` may be invited into `organizationId`. Only this organisation's own users and
 * a domain verified by ANOTHER organisation refuse it. An address held by another organisation
 * is invited like any unknown one (same answer, same statements): telling the inviting admin
 * would let any admin test whether an address exists anywhere. The collision is settled when
 * the invitation is accepted (an address holds an account in one organisation only).
 */
export async function assertMayInvite(db: Database | Transaction, organizationId: string, email: string): Promise<void> {
  const owner = await verifiedOwnerOf(db, emailDomain(email));
  if (owner !== null && owner !== organizationId) throw new DomainError("email_domain_claimed");
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  if (taken) throw new DomainError("email_taken");
}

export function normalizeEmailOrThrow(raw: string): string {
  const email = normalizeTypedEmail(raw);
  if (!email) throw new DomainError("invalid_input");
  return email;
}

/** Replaces any open invitation of the user with a new token (the old link stops working). */
export async function issueInvitation(
  tx: Transaction,
  input: { userId: string; invitedBy: string | null; now: Date },
): Promise<string> {
  const token = randomToken();
  await tx.delete(invitations).where(and(eq(invitations.userId, input.userId), isNull(invitations.acceptedAt)));
  await tx.insert(invitations).values({
    userId: input.userId,
    tokenHash: sha256(token),
    invitedBy: input.invitedBy,
    expiresAt: new Date(input.now.getTime() + INVITATION_TTL_MS),
    createdAt: input.now,
  });
  return token;
}

/** Creates the invited user and the invitation; returns the one-time token (only its hash is stored). */
export async function createInvitedUser(
  db: Database,
  input: { organizationId: string; email: string; displayName: string | null; role: UserRole; invitedBy: string | null; now: Date },
): Promise<{ userId: string; token: string }> {
  const email = normalizeEmailOrThrow(input.email);
  try {
    return await db.transaction(async (tx) => {
      await assertMayInvite(tx, input.organizationId, email);
      const [user] = await tx
        .insert(users)
        .values({ organizationId: input.organizationId, email, displayName: input.displayName, role: input.role, status: "invited" })
        .returning({ id: users.id });
      if (!user) throw new Error("user insert returned nothing");
      const token = await issueInvitation(tx, { userId: user.id, invitedBy: input.invitedBy, now: input.now });
      return { userId: user.id, token };
    });
  } catch (error) {
    // Two concurrent invitations for one address into one organisation: the unique index decides.
    if (isUniqueViolation(error)) throw new DomainError("email_taken");
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === "23505";
}
