import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@jams/api/router";

/**
 * The vanilla tRPC client, shared by the SPA (wrapped for TanStack Query in ./trpc) and the
 * sign-in page's own entry (src/login), which calls it directly to stay small.
 */
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
