import { eq } from "drizzle-orm";
import { organizations, ssoConnections } from "@jams/db/schema";
import type { RequestContext, SignInMethod, UserRole } from "../context";

export interface MeResult {
  user: { id: string; email: string; displayName: string | null; role: UserRole };
  organization: { id: string; name: string; slug: string; ssoEnforced: boolean };
  session: { method: SignInMethod; connectionLabel: string | null; createdAt: Date };
}

export async function getMe({ ctx }: { ctx: RequestContext }): Promise<MeResult | null> {
  if (!ctx.session || !ctx.user) return null;
  const [org] = await ctx.deps.db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      ssoEnforced: organizations.ssoEnforced,
    })
    .from(organizations)
    .where(eq(organizations.id, ctx.user.organizationId))
    .limit(1);
  if (!org) return null;
  let connectionLabel: string | null = null;
  if (ctx.session.connectionId) {
    const [connection] = await ctx.deps.db
      .select({ label: ssoConnections.label })
      .from(ssoConnections)
      .where(eq(ssoConnections.id, ctx.session.connectionId))
      .limit(1);
    connectionLabel = connection?.label ?? null;
  }
  const { id, email, displayName, role } = ctx.user;
  return {
    user: { id, email, displayName, role },
    organization: org,
    session: { method: ctx.session.method, connectionLabel, createdAt: ctx.session.createdAt },
  };
}
