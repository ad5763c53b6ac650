import type { RequestContext, SignInMethod, UserRole } from "../context";

export interface MeResult {
  user: { id: string; email: string; displayName: string | null; role: UserRole };
  organization: { id: string; name: string; slug: string; ssoEnforced: boolean };
  session: { method: SignInMethod; connectionLabel: string | null; createdAt: Date };
}

/** No query of its own: the session resolution read the organisation and connection label. */
export function getMe({ ctx }: { ctx: RequestContext }): MeResult | null {
  if (!ctx.session || !ctx.user) return null;
  const { id, email, displayName, role, organizationId, organization } = ctx.user;
  return {
    user: { id, email, displayName, role },
    organization: { id: organizationId, ...organization },
    session: { method: ctx.session.method, connectionLabel: ctx.session.connectionLabel, createdAt: ctx.session.createdAt },
  };
}
