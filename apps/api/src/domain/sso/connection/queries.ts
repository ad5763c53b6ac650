import { and, asc, eq } from "drizzle-orm";
import { ssoConnections } from "@jams/db/schema";
import type { Database, Transaction } from "@jams/db/client";
import type { AuthedContext } from "../../context";
import { DomainError } from "../../errors";
import { redirectUriOf } from "./settings";
import { connectionViewColumns, toConnectionView, type ConnectionView } from "./view";

export async function listConnections({ ctx }: { ctx: AuthedContext }): Promise<ConnectionView[]> {
  const rows = await ctx.deps.db
    .select(connectionViewColumns)
    .from(ssoConnections)
    .where(eq(ssoConnections.organizationId, ctx.user.organizationId))
    .orderBy(asc(ssoConnections.createdAt));
  return rows.map(toConnectionView);
}

export function getConnection({ ctx, input }: { ctx: AuthedContext; input: { connectionId: string } }): Promise<ConnectionView> {
  return findOwnConnection(ctx, input.connectionId);
}

/** Cross-organisation ids answer exactly like missing ones: `not_found`. */
export async function findOwnConnection(
  ctx: AuthedContext,
  connectionId: string,
  db: Database | Transaction = ctx.deps.db,
): Promise<ConnectionView> {
  const [row] = await db
    .select(connectionViewColumns)
    .from(ssoConnections)
    .where(and(eq(ssoConnections.id, connectionId), eq(ssoConnections.organizationId, ctx.user.organizationId)))
    .limit(1);
  if (!row) throw new DomainError("not_found");
  return toConnectionView(row);
}

/** Shown to admins exactly as the IdP must register it. */
export function getRedirectUri({ ctx }: { ctx: AuthedContext }): { redirectUri: string } {
  return { redirectUri: redirectUriOf(ctx.deps) };
}
