import type { AppDeps } from "./deps";

export type UserRole = "admin" | "member";
export type SignInMethod = "password" | "sso";

export interface SessionInfo {
  id: string;
  method: SignInMethod;
  connectionId: string | null;
  /** The connection's current label (null for password sessions or a deleted connection). */
  connectionLabel: string | null;
  createdAt: Date;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string | null;
  role: UserRole;
  organizationId: string;
  /** Read with the session in the same statement, so `auth.me` needs no query of its own. */
  organization: { name: string; slug: string; ssoEnforced: boolean };
}

export interface CookieOptions {
  /** Absolute expiry; omitted means a browser-session cookie. */
  expires?: Date;
}

/** Transport-neutral cookie access, so domain code and createCaller tests need no HTTP server. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string, options?: CookieOptions): void;
  clear(name: string): void;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

/** What every domain function receives as `ctx`. */
export interface RequestContext {
  deps: AppDeps;
  session: SessionInfo | null;
  user: SessionUser | null;
  meta: RequestMeta;
  cookies: CookieJar;
}

export type AuthedContext = RequestContext & { session: SessionInfo; user: SessionUser };
