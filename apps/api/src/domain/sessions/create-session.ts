import { randomUUID } from "node:crypto";
import { sessions } from "@jams/db/schema";
import { secretContext } from "@jams/db/secrets";
import type { Database, Transaction } from "@jams/db/client";
import type { CookieJar, SignInMethod } from "../context";
import type { AppDeps } from "../deps";
import { randomToken, sha256 } from "../shared/crypto";
import { sessionCookieName } from "./cookie-names";

export interface NewSession {
  userId: string;
  organizationId: string;
  method: SignInMethod;
  connectionId?: string | null;
  /** Kept encrypted only as id_token_hint for logout at the IdP. */
  idToken?: string | null;
}

/**
 * The session insert, unexecuted, plus the cookie to set once it has been written: every
 * sign-in folds the insert into its single statement (sign-in.ts). Always a brand-new random
 * id: whatever session cookie the browser sent is revoked there and overwritten here, so a
 * planted cookie can never become an authenticated one.
 */
export function prepareSession(deps: AppDeps, db: Database | Transaction, input: NewSession) {
  const token = randomToken();
  const id = randomUUID();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteTimeoutMs);
  const idleExpiresAt = new Date(Math.min(now.getTime() + deps.config.sessionIdleTimeoutMs, expiresAt.getTime()));
  const insert = db.insert(sessions).values({
    id,
    tokenHash: sha256(token),
    userId: input.userId,
    organizationId: input.organizationId,
    method: input.method,
    connectionId: input.connectionId ?? null,
    idTokenHintEncrypted: input.idToken ? deps.secrets.seal(input.idToken, secretContext.sessionIdToken(id)) : null,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt,
    expiresAt,
  });
  return {
    sessionId: id,
    insert,
    setCookie: (cookies: CookieJar) => cookies.set(sessionCookieName(deps.config), token, { expires: expiresAt }),
  };
}
