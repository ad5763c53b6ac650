import { isDatabaseUnavailable } from "@jams/db/client";
import { TRPCError } from "@trpc/server";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { AppDeps } from "../domain/deps";
import type { CookieJar, RequestContext, RequestMeta, SessionInfo, SessionUser } from "../domain/context";
import { DomainError } from "../domain/errors";
import { resolveSessionFromCookies } from "../domain/sessions/resolve-session";
import { fastifyCookieJar } from "../http/cookie-jar";

export type Context = RequestContext;

/** The testable context: no Fastify types, so createCaller tests build it directly. */
export function createInnerContext(input: {
  deps: AppDeps;
  session: { session: SessionInfo; user: SessionUser } | null;
  meta: RequestMeta;
  cookies: CookieJar;
}): Context {
  return {
    deps: input.deps,
    session: input.session?.session ?? null,
    user: input.session?.user ?? null,
    meta: input.meta,
    cookies: input.cookies,
  };
}

/** Fastify adapter: resolves the session cookie once per request, then builds the inner context. */
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
