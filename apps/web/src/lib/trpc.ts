import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
export type { inferInput, inferOutput } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@jams/api/router";

/** Codes for which retrying the same request can never succeed. */
function isClientError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: "/trpc",
      // The API refuses batches larger than its maxBatchSize (apps/api/src/http/server.ts).
      maxItems: 16,
      fetch: (url, init) => fetch(url, { ...init, credentials: "same-origin" }),
    }),
  ],
});

/** Typed query/mutation option factories: `useQuery(trpc.auth.me.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
