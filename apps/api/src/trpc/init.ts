import { initTRPC, TRPCError } from "@trpc/server";
import type { Context } from "./context";
import { appErrorBody } from "./error-body";
import { appCodeOf, errorDetailsOf, toTRPCError } from "./errors";
import { assertValidText } from "./text-rule";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const appCode = appCodeOf(error);
    return {
      ...shape,
      // Never the stack, even in development: it quotes SQL parameters (emails, sealed secrets).
      // The server log has the full error under the request id.
      ...appErrorBody(appCode, {
        // Unexpected errors may carry driver or library text; clients only ever see the code.
        message: appCode === "internal_error" ? "internal_error" : shape.message,
        trpcCode: shape.data.code,
        path: shape.data.path,
        details: errorDetailsOf(error),
      }),
    };
  },
});

/** The one place domain errors become transport errors (keeping the original as `cause`). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** Before any input schema runs (see text-rule.ts). */
const rejectInvalidText = t.middleware(async ({ getRawInput, next }) => {
  assertValidText(await getRawInput());
  return next();
});

const enforceSession = t.middleware(({ ctx, next }) => {
  if (!ctx.session || !ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "unauthenticated" });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.user } });
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapDomainErrors).use(rejectInvalidText);
export const authedProcedure = publicProcedure.use(enforceSession);
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "forbidden" });
  return next({ ctx });
});

/**
 * `createCaller(appRouter)(ctx)`: server-side callers (tests, scripts) run the same middleware
 * stack as HTTP requests.
 */
export const createCaller = t.createCallerFactory;
