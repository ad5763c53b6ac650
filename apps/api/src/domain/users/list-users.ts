import { asc, eq, sql } from "drizzle-orm";
import { scimDirectories, ssoIdentities, users } from "@jams/db/schema";
import type { AuthedContext, SignInMethod, UserRole } from "../context";

export interface UserListItem {
  id: string;
  email: string;
  displayName: string | null;
  role: UserRole;
  status: "invited" | "active" | "disabled";
  lastSignInAt: Date | null;
  lastSignInMethod: SignInMethod | null;
  hasPassword: boolean;
  /** Connections this user has signed in through (their `sub` is bound there). */
  ssoConnectionIds: string[];
  createdAt: Date;
  /** The IdP's name ("Okta") while its SCIM directory manages this user; null when managed by hand. */
  managedBy: string | null;
}

export async function listUsers({ ctx }: { ctx: AuthedContext }): Promise<UserListItem[]> {
  const rows = await ctx.deps.db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      status: users.status,
      lastSignInAt: users.lastSignInAt,
      lastSignInMethod: users.lastSignInMethod,
      hasPassword: sql<boolean>`${users.passwordHash} is not null`,
      // A join rather than a correlated subquery: drizzle leaves single-table columns unqualified,
      // and an unqualified "id" inside the subquery would bind to sso_identities.id.
      ssoConnectionIds: sql<string[]>`array_remove(array_agg(${ssoIdentities.connectionId}::text), null)`,
      createdAt: users.createdAt,
      managedBy: sql<string | null>`case when ${users.scimManaged} then (select d.label from ${scimDirectories} d where d.organization_id = ${users.organizationId}) end`,
    })
    .from(users)
    .leftJoin(ssoIdentities, eq(ssoIdentities.userId, users.id))
    .where(eq(users.organizationId, ctx.user.organizationId))
    .groupBy(users.id)
    .orderBy(asc(users.email));
  return rows;
}
