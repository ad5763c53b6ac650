import type { AppDeps } from "../domain/deps";
import type { CookieJar, RequestContext, RequestMeta, SessionInfo, SessionUser } from "../domain/context";

export type Context = RequestContext;

/**
 * The procedures' context, free of transport types: the Fastify adapter
 * (http/trpc-context.ts) builds it per request, createCaller tests build it directly.
 */
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
