import { eq, sql } from "drizzle-orm";
import { normalizeTypedEmail } from "@jams/oidc/email";
import { organizations, users } from "@jams/db/schema";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestContext } from "../context";
import { DomainError } from "../errors";
import { createSession } from "../sessions/create-session";
import { revokePresentedSession } from "../sessions/revoke-session";
import { verifyPassword } from "../shared/password";
import { enforceEmailAndIpLimits } from "./discover";

export async function loginWithPassword({
  ctx,
  input,
}: {
  ctx: RequestContext;
  input: { email: string; password: string };
}): Promise<{ ok: true }> {
  const { deps } = ctx;
  const email = normalizeTypedEmail(input.email) ?? input.email.toLowerCase();
  const limits = deps.config.rateLimits;
  await enforceEmailAndIpLimits(ctx, "password", email, { perIp: limits.passwordPerIp, perEmail: limits.passwordPerEmail });

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
    .limit(1);

  // Always pay for one argon2 verification (against a dummy hash when unknown): equal timing.
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user) throw new DomainError("invalid_credentials");

  const fail = async (code: "invalid_credentials" | "sso_required" | "user_disabled") => {
    await recordAuditEvent(deps.db, {
      organizationId: user.organizationId,
      actor: { id: user.id, email: user.email },
      action: "auth.sign_in_failed",
      target: { type: "user", id: user.id },
      metadata: { method: "password", code },
      ip: ctx.meta.ip,
    });
    return new DomainError(code);
  };
  if (user.ssoEnforced) throw await fail("sso_required");
  if (!passwordOk) throw await fail("invalid_credentials");
  if (user.status === "disabled") throw await fail("user_disabled");
  if (user.status !== "active") throw await fail("invalid_credentials");

  await deps.db.transaction(async (tx) => {
    await revokePresentedSession(deps, tx, ctx.cookies);
    await createSession(deps, tx, ctx.cookies, { userId: user.id, organizationId: user.organizationId, method: "password" });
    await tx
      .update(users)
      .set({ lastSignInAt: deps.now(), lastSignInMethod: "password" })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, {
      organizationId: user.organizationId,
      actor: { id: user.id, email: user.email },
      action: "auth.sign_in",
      target: { type: "user", id: user.id },
      metadata: { method: "password" },
      ip: ctx.meta.ip,
    });
  });
  return { ok: true };
}
