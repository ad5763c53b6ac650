import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, organizations, ssoConnections, users } from "@jams/db/schema";
import type { RequestContext } from "../context";
import { DomainError } from "../errors";
import { signIn } from "../sessions/sign-in";
import { sha256 } from "../shared/crypto";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../shared/password";
import { emailDomain } from "../domains/domain-name";
import { verifiedOwnerOf } from "../domains/domain-owner";
import { isUniqueViolation } from "./create-invitation";

export interface InvitationView {
  organizationName: string;
  email: string;
  /** False when the organisation enforces SSO. */
  passwordAllowed: boolean;
  /** True when there is no enabled SSO connection: a password is the only way in. */
  passwordRequired: boolean;
  sso: { connectionId: string; label: string }[];
}

async function loadOpenInvitation(ctx: RequestContext, token: string) {
  const { db, now } = ctx.deps;
  const [row] = await db
    .select({
      invitationId: invitations.id,
      userId: users.id,
      email: users.email,
      organizationId: organizations.id,
      organizationName: organizations.name,
      ssoEnforced: organizations.ssoEnforced,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(
      and(
        eq(invitations.tokenHash, sha256(token)),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now()),
        eq(users.status, "invited"),
      ),
    )
    .limit(1);
  if (!row) throw new DomainError("invitation_invalid");
  const sso = await db
    .select({ connectionId: ssoConnections.id, label: ssoConnections.label })
    .from(ssoConnections)
    .where(and(eq(ssoConnections.organizationId, row.organizationId), eq(ssoConnections.enabled, true)))
    .orderBy(asc(ssoConnections.createdAt));
  return { ...row, sso };
}

export async function getInvitation({ ctx, input }: { ctx: RequestContext; input: { token: string } }): Promise<InvitationView> {
  const invitation = await loadOpenInvitation(ctx, input.token);
  return {
    organizationName: invitation.organizationName,
    email: invitation.email,
    passwordAllowed: !invitation.ssoEnforced,
    passwordRequired: !invitation.ssoEnforced && invitation.sso.length === 0,
    sso: invitation.sso,
  };
}

/**
 * With a password: sets it, activates the user and signs them in. Without one: nothing changes
 * and the SSO options come back — the first SSO sign-in activates the account instead.
 */
export async function acceptInvitation({
  ctx,
  input,
}: {
  ctx: RequestContext;
  input: { token: string; password?: string | undefined };
}): Promise<{ signedIn: boolean; sso: { connectionId: string; label: string }[] }> {
  const { deps } = ctx;
  const invitation = await loadOpenInvitation(ctx, input.token);
  if (input.password === undefined) {
    if (invitation.sso.length === 0) throw new DomainError("invalid_input");
    return { signedIn: false, sso: invitation.sso };
  }
  if (invitation.ssoEnforced) throw new DomainError("sso_required");
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new DomainError("invalid_input");
  // Once another organisation has verified the domain, this one may not gain users on it.
  const owner = await verifiedOwnerOf(deps.db, emailDomain(invitation.email));
  if (owner !== null && owner !== invitation.organizationId) throw new DomainError("email_domain_claimed");
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();

  try {
    await activate(ctx, invitation, passwordHash, now);
  } catch (error) {
    // users_email_lower_unique: the address already holds an account in another organisation.
    // Only the person holding the invitation link (the mailbox owner) learns it, never the
    // inviting admin; the invitation stays open and unused.
    if (isUniqueViolation(error)) throw new DomainError("email_taken");
    throw error;
  }
  return { signedIn: true, sso: invitation.sso };
}

async function activate(
  ctx: RequestContext,
  invitation: Awaited<ReturnType<typeof loadOpenInvitation>>,
  passwordHash: string,
  now: Date,
): Promise<void> {
  const { deps } = ctx;
  await deps.db.transaction(async (tx) => {
    const accepted = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, invitation.invitationId), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    // A concurrent acceptance of the same link already won.
    if (accepted.length === 0) throw new DomainError("invitation_invalid");
    // Still invited NOW, not only when the link was loaded: an admin may have disabled the user
    // while the password was being hashed, and acceptance must not quietly re-enable them.
    const activated = await signIn(
      deps,
      tx,
      {
        user: { id: invitation.userId, email: invitation.email, organizationId: invitation.organizationId },
        method: "password",
        audit: { action: "user.invitation_accepted", metadata: { method: "password" } },
        cookies: ctx.cookies,
        ip: ctx.meta.ip,
        now,
      },
      {
        set: sql`status = 'active', password_hash = ${sql.placeholder("password_hash")}::text, updated_at = ${sql.placeholder("si_now")}::timestamptz`,
        where: sql`u.status = 'invited'`,
        values: { password_hash: passwordHash },
      },
    );
    // The session and audit rows the statement wrote roll back with the transaction.
    if (!activated) throw new DomainError("invitation_invalid");
  });
}
