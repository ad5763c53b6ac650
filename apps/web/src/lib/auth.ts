import { useQuery } from "@tanstack/react-query";
import { trpc, type inferOutput } from "./trpc";

export type Me = NonNullable<inferOutput<typeof trpc.auth.me>>;

/** The signed-in user, organisation and session — `null` when signed out. */
export function useMe() {
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 30_000 });
}

/** "Signed in with Okta (SSO)" / "Signed in with a password". */
export function describeSession(session: Me["session"]): string {
  if (session.method === "sso") {
    return session.connectionLabel ? `Signed in with ${session.connectionLabel} (SSO)` : "Signed in with single sign-on (SSO)";
  }
  return "Signed in with a password";
}

export function isAdmin(me: Me | null | undefined): boolean {
  return me?.user.role === "admin";
}
