import { sql } from "drizzle-orm";
import type { Database, Transaction } from "@jams/db/client";
import { executeOnce } from "@jams/db/prepared";
import type { CookieJar, SignInMethod } from "../context";
import type { AppDeps } from "../deps";
import { sessionInsert, signInValues } from "./sign-in";

export interface NewSession {
  userId: string;
  organizationId: string;
  method: SignInMethod;
  connectionId?: string | null;
  /** Kept encrypted only as id_token_hint for logout at the IdP. */
  idToken?: string | null;
}

/**
 * A session alone, without the rest of a sign-in (no cookie revoked, no audit event, the user
 * row untouched): the session insert of sessions/sign-in.ts with a brand-new random id and token.
 */
export async function createSession(
  deps: AppDeps,
  db: Database | Transaction,
  cookies: CookieJar,
  input: NewSession,
): Promise<{ sessionId: string }> {
  const session = signInValues(deps, {
    method: input.method,
    connectionId: input.connectionId ?? null,
    idToken: input.idToken ?? null,
    cookies,
    ip: "",
    now: deps.now(),
    auditAction: "auth.sign_in",
  });
  const query = sql`with sign_in_user as (
    select ${sql.placeholder("user_id")}::uuid as user_id, ${sql.placeholder("organization_id")}::uuid as organization_id
  ) ${sessionInsert()}`;
  await executeOnce(db, query, { ...session.values, user_id: input.userId, organization_id: input.organizationId });
  session.setCookie();
  return { sessionId: session.sessionId };
}
