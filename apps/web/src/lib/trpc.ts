import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
export type { inferInput, inferOutput } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@jams/api/router";
import { appCodeOf } from "./errors";
import { trpcClient } from "./trpc-client";

/** Codes for which retrying the same request can never succeed. */
function isClientError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

/**
 * The session ended mid-way (expired, signed out elsewhere, revoked by enforcement): mark the
 * visitor signed out, so <RequireAuth> sends them (full page load) to /login?returnTo=<this page> instead of the
 * page showing a "Signed out" error with nowhere to go.
 */
function onSessionEnded(error: unknown): void {
  if (appCodeOf(error) !== "unauthenticated") return;
  const meKey = trpc.auth.me.queryKey();
  if (queryClient.getQueryData(meKey) !== null) queryClient.setQueryData(meKey, null);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionEnded }),
  mutationCache: new MutationCache({ onError: onSessionEnded }),
  defaultOptions: {
    queries: {
      retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});

export { trpcClient };

/** Typed query/mutation option factories: `useQuery(trpc.auth.me.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
