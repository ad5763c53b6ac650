import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { ssoIdentities, users } from "@jams/db/schema";
import { DomainError } from "../errors";

export interface MatchedUser {
  id: string;
  email: string;
  displayName: string | null;
  status: "invited" | "active" | "disabled";
  role: "admin" | "member";
  /** True when (connection, sub) is not bound yet and the caller should bind it. */
  needsBinding: boolean;
}

/**
 * One query: the user with this email IN THE CONNECTION'S ORGANISATION ONLY, plus both sides of
 * the (connection, sub) binding. Another organisation's user with the same email is invisible.
 */
export async function matchUser(
  db: Database,
  input: { organizationId: string; connectionId: string; email: string; subject: string },
): Promise<MatchedUser> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      role: users.role,
      subjectOwner: sql<string | null>`(select si.user_id from ${ssoIdentities} si where si.connection_id = ${input.connectionId} and si.subject = ${input.subject})`,
      // Qualified by hand: drizzle renders `${users.id}` unqualified in a single-table select, and
      // an unqualified "id" inside this subquery would bind to si.id (the check would never fire).
      boundSubject: sql<string | null>`(select si.subject from ${ssoIdentities} si where si.connection_id = ${input.connectionId} and si.user_id = ${users}.id)`,
    })
    .from(users)
    .where(and(eq(users.organizationId, input.organizationId), sql`lower(${users.email}) = ${input.email}`))
    .limit(1);
  if (!row) throw new DomainError("user_not_provisioned");
  const subjectOwner = row.subjectOwner === null ? null : String(row.subjectOwner);
  if ((subjectOwner !== null && subjectOwner !== row.id) || (row.boundSubject !== null && row.boundSubject !== input.subject)) {
    throw new DomainError("sso_identity_conflict");
  }
  if (row.status === "disabled") throw new DomainError("user_disabled");
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    status: row.status,
    role: row.role,
    needsBinding: subjectOwner === null,
  };
}
