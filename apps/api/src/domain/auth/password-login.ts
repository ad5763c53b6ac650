import { eq, sql } from "drizzle-orm";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { auditEvents, organizations, users } from "@jams/db/schema";
import type { AuditAction } from "../audit/record-audit-event";
import type { RequestContext } from "../context";
import { type AppErrorCode, DomainError } from "../errors";
import { signIn } from "../sessions/sign-in";
import { verifyPassword } from "../shared/password";
import { clearPasswordFailures, guardPasswordAttempt, recordPasswordFailure } from "./password-guard";

/**
 * The failed sign-in's audit row, as INSERT … SELECT by email: one row for a known user, none
 * for an unknown email — the same statement either way, so the two cost the same (finding 8).
 */
async function auditFailedSignIn(ctx: RequestContext, email: string, code: AppErrorCode): Promise<void> {
  const metadata = JSON.stringify({ method: "password", code });
  const action: AuditAction = "auth.sign_in_failed";
  await ctx.deps.db.execute(sql`
    insert into ${auditEvents} (organization_id, actor_user_id, actor_email, action, target_type, target_id, metadata, ip)
    select u.organization_id, u.id, u.email, ${action}::text, 'user', u.id::text, ${metadata}::jsonb, ${ctx.meta.ip}
    from ${users} u where lower(u.email) = ${email} order by u.status = 'invited' limit 1`);
}

export async function loginWithPassword({
  ctx,
  input,
}: {
  ctx: RequestContext;
  input: { email: string; password: string };
}): Promise<{ ok: true }> {
  const { deps } = ctx;
  const email = normalizeTypedEmail(input.email) ?? input.email.toLowerCase();
  await guardPasswordAttempt(ctx, email);

  const [user] = await deps.db
    .select({
      id: users.id,
      email: users.email,
      status: users.status,
      passwordHash: users.passwordHash,
      organizationId: users.organizationId,
      ssoEnforced: organizations.ssoEnforced,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(sql`lower(${users.email}) = ${email}`)
    // Invitations in several organisations may share the address; the account holding it first.
    .orderBy(sql`${users.status} = 'invited'`)
    .limit(1);

  // Always pay for one argon2 verification (against a dummy hash when unknown), and below the
  // same writes for a wrong password whether or not the email exists: equal timing.
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  const failure: AppErrorCode | null = !user
    ? "invalid_credentials"
    : user.ssoEnforced
      ? "sso_required"
      : !passwordOk
        ? "invalid_credentials"
        : user.status === "disabled"
          ? "user_disabled"
          : user.status !== "active"
            ? "invalid_credentials"
            : null;
  if (failure !== null || !user) {
    if (!passwordOk) await recordPasswordFailure(ctx, email);
    await auditFailedSignIn(ctx, email, failure ?? "invalid_credentials");
    throw new DomainError(failure ?? "invalid_credentials");
  }
  await clearPasswordFailures(ctx, email);

  await signIn(deps, deps.db, {
    user: { id: user.id, email: user.email, organizationId: user.organizationId },
    method: "password",
    audit: { action: "auth.sign_in", metadata: { method: "password" } },
    cookies: ctx.cookies,
    ip: ctx.meta.ip,
    now: deps.now(),
  });
  return { ok: true };
}
