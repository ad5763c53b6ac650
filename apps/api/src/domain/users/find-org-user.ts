import { and, eq } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { users } from "@jams/db/schema";
import type { AuthedContext } from "../context";
import { DomainError } from "../errors";

/** A user of the caller's organisation; any other id (including another org's) is `not_found`. */
export async function findOrgUser(ctx: AuthedContext, userId: string, db: Database | Transaction = ctx.deps.db) {
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, status: users.status, displayName: users.displayName, scimManaged: users.scimManaged })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organizationId, ctx.user.organizationId)))
    .limit(1);
  if (!user) throw new DomainError("not_found");
  return user;
}
