import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@jams/db/client";
import { groupRoleMappings, organizationDomains, ssoIdentities, users } from "@jams/db/schema";
import { emailDomain } from "../domains/domain-name";
import { DomainError } from "../errors";

export interface MatchedUser {
  id: string;
  email: string;
  displayName: string | null;
  status: "invited" | "active" | "disabled";
  role: "admin" | "member";
  /**
   * The role the organisation's group → role mappings give for the ID token's `groups` claim;
   * null when the claim is absent or no mapping exists (the role then stays as it is).
   */
  groupRole: "admin" | "member" | null;
  /** True when (connection, sub) is not bound yet and the caller should bind it. */
  needsBinding: boolean;
}

/**
 * One query: the user with this email IN THE CONNECTION'S ORGANISATION ONLY, plus both sides of
 * the (connection, sub) binding. Another organisation's user with the same email is invisible.
 */
export async function matchUser(
  db: Database,
  input: { organizationId: string; connectionId: string; email: string; subject: string; groups?: string[] | null },
): Promise<MatchedUser> {
  const groups = (input.groups ?? null)?.map((g) => g.toLowerCase()) ?? null;
  // Folded into the same query (no extra round trip on the sign-in path).
  const groupRole =
    groups === null
      ? sql<null>`null`
      : sql<"admin" | "member" | null>`(select case
          when bool_or(rm.role = 'admin' and ${groups.length > 0 ? sql`lower(rm.group_name) in (${sql.join(groups.map((g) => sql`${g}`), sql`, `)})` : sql`false`}) then 'admin'
          when count(*) > 0 then 'member' end
        from ${groupRoleMappings} rm where rm.organization_id = ${input.organizationId})`;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      role: users.role,
      groupRole,
      subjectOwner: sql<string | null>`(select si.user_id from ${ssoIdentities} si where si.connection_id = ${input.connectionId} and si.subject = ${input.subject})`,
      // Qualified by hand: drizzle renders `${users.id}` unqualified in a single-table select, and
      // an unqualified "id" inside this subquery would bind to si.id (the check would never fire).
      boundSubject: sql<string | null>`(select si.subject from ${ssoIdentities} si where si.connection_id = ${input.connectionId} and si.user_id = ${users}.id)`,
      // Only matters for an invitation's first sign-in: is the address held by another
      // organisation, or its domain verified by one? Then it may not be activated here.
      claimedElsewhere: sql<boolean>`(
        exists (select 1 from ${users} o where lower(o.email) = ${input.email} and o.organization_id <> ${input.organizationId} and o.status <> 'invited')
        or exists (select 1 from ${organizationDomains} d where d.domain = ${emailDomain(input.email)} and d.verified_at is not null and d.organization_id <> ${input.organizationId})
      )`,
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
  if (row.status === "invited" && row.claimedElsewhere) throw new DomainError("sso_email_claimed");
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    status: row.status,
    role: row.role,
    groupRole: row.groupRole === "admin" || row.groupRole === "member" ? row.groupRole : null,
    needsBinding: subjectOwner === null,
  };
}
