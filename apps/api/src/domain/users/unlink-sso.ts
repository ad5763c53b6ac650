import { and, eq, inArray } from "drizzle-orm";
import { ssoConnections, ssoIdentities } from "@jams/db/schema";
import { recordAdminAction } from "../audit/record-audit-event";
import type { AuthedContext } from "../context";
import { findOwnConnection } from "../sso/connection/queries";
import { findOrgUser } from "./find-org-user";

/** Forgets the user's IdP `sub` binding(s), e.g. after the IdP account was recreated. */
export async function unlinkUserSso({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: { userId: string; connectionId?: string | undefined };
}): Promise<{ unlinked: number }> {
  const user = await findOrgUser(ctx, input.userId);
  // Another organisation's connection id answers like a missing one, not with a silent "0 unlinked".
  if (input.connectionId) await findOwnConnection(ctx, input.connectionId);
  const ownConnections = ctx.deps.db
    .select({ id: ssoConnections.id })
    .from(ssoConnections)
    .where(
      and(
        eq(ssoConnections.organizationId, ctx.user.organizationId),
        input.connectionId ? eq(ssoConnections.id, input.connectionId) : undefined,
      ),
    );
  return ctx.deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(ssoIdentities)
      .where(and(eq(ssoIdentities.userId, user.id), inArray(ssoIdentities.connectionId, ownConnections)))
      .returning({ connectionId: ssoIdentities.connectionId });
    await recordAdminAction(tx, ctx, {
      action: "user.sso_unlinked",
      target: { type: "user", id: user.id },
      metadata: { email: user.email, connectionIds: removed.map((row) => row.connectionId) },
    });
    return { unlinked: removed.length };
  });
}
