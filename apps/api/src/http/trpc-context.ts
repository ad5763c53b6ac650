import { isDatabaseUnavailable } from "@jams/db/client";
import { TRPCError } from "@trpc/server";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { AppDeps } from "../domain/deps";
import { DomainError } from "../domain/errors";
import { resolveSessionFromCookies } from "../domain/sessions/resolve-session";
import { type Context, createInnerContext } from "../trpc/context";
import { fastifyCookieJar } from "./cookie-jar";

/**
 * Fastify adapter for tRPC: resolves the session cookie once per request, then builds the
 * transport-free inner context (trpc/context.ts), which createCaller tests build directly.
 */
export function createContextFactory(deps: AppDeps) {
  return async ({ req, res }: CreateFastifyContextOptions): Promise<Context> => {
    const cookies = fastifyCookieJar(deps.config, req, res);
    const session = await resolveSessionFromCookies(deps, cookies).catch((error: unknown) => {
      // Raised before any procedure runs, so the procedures' error mapping never sees it.
      if (!isDatabaseUnavailable(error)) throw error;
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "service_unavailable", cause: new DomainError("service_unavailable", {}, { cause: error }) });
    });
    return createInnerContext({
      deps,
      session,
      meta: { ip: req.ip, userAgent: req.headers["user-agent"] ?? null },
      cookies,
    });
  };
}
