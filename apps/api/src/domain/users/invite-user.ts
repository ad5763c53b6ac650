import { recordAdminAction } from "../audit/record-audit-event";
import type { AuthedContext, UserRole } from "../context";
import type { AppDeps } from "../deps";
import { DomainError } from "../errors";
import { createInvitedUser, inviteUrlFor, issueInvitation } from "./create-invitation";
import { findOrgUser } from "./find-org-user";

async function sendInvitationEmail(deps: AppDeps, to: string, inviteUrl: string): Promise<void> {
  if (!deps.mailer) return;
  try {
    await deps.mailer.send({
      to,
      subject: "You have been invited to JAMS IMES",
      text: `You have been invited to JAMS IMES.\n\nAccept the invitation (valid for 7 days):\n${inviteUrl}\n`,
    });
  } catch (error) {
    // The admin still gets the link in the response; a mail outage must not undo the invitation.
    deps.logger.warn({ err: error }, "invitation email could not be sent");
  }
}

export async function inviteUser({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { email: string; name?: string | undefined; role: UserRole };
}): Promise<{ userId: string; inviteUrl: string }> {
  const { deps } = ctx;
  const { userId, token } = await createInvitedUser(deps.db, {
    organizationId: ctx.user.organizationId,
    email: input.email,
    displayName: input.name?.trim() || null,
    role: input.role,
    invitedBy: ctx.user.id,
    now: deps.now(),
  });
  const inviteUrl = inviteUrlFor(deps.config.publicUrl, token);
  await recordAdminAction(deps.db, ctx, {
    action: "user.invited",
    target: { type: "user", id: userId },
    metadata: { email: input.email.trim().toLowerCase(), role: input.role },
  });
  await sendInvitationEmail(deps, input.email.trim(), inviteUrl);
  return { userId, inviteUrl };
}

export async function resendInvite({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { userId: string };
}): Promise<{ userId: string; inviteUrl: string }> {
  const { deps } = ctx;
  const user = await findOrgUser(ctx, input.userId);
  if (user.status !== "invited") throw new DomainError("invitation_invalid");
  const token = await deps.db.transaction(async (tx) => {
    const issued = await issueInvitation(tx, { userId: user.id, invitedBy: ctx.user.id, now: deps.now() });
    await recordAdminAction(tx, ctx, {
      action: "user.invitation_resent",
      target: { type: "user", id: user.id },
      metadata: { email: user.email },
    });
    return issued;
  });
  const inviteUrl = inviteUrlFor(deps.config.publicUrl, token);
  await sendInvitationEmail(deps, user.email, inviteUrl);
  return { userId: user.id, inviteUrl };
}
