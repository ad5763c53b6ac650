import { queryClient, trpc } from "./trpc";

/** After any change to connections: the list and the Enforce SSO state both depend on them. */
export function invalidateSsoQueries(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.sso.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.sso.enforcement.queryKey() }),
  ]);
}
