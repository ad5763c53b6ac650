import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { AppDeps } from "../domain/deps";
import { appRouter, type AppRouter } from "../trpc/app-router";
import { createContextFactory } from "./trpc-context";
import { csrfGuard } from "./csrf";
import { registerHealthRoutes } from "./health-routes";
import { RedactingLogController } from "./logging";
import { registerScimRoutes } from "./scim-routes";
import { registerSecurityHeaders } from "./security-headers";
import { registerSsoCallbackRoute } from "./sso-callback-route";
import { registerWebApp } from "./static-web";

export const TRPC_MAX_BATCH_SIZE = 16;

/** A hop count becomes proxy-addr's "trust the first N hops" function (Fastify's typings lack numbers). */
function trustProxyOption(value: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === "number" ? (_address, hop) => hop < value : value;
}

export async function buildServer(deps: AppDeps, options: { ping: () => Promise<void> }): Promise<FastifyInstance> {
  const { config } = deps;
  // Widened on purpose: plugins are typed against Fastify's base logger, not pino's full type.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    logController: new RedactingLogController(),
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 500 },
  });

  // Lets an operator match a user's report to the log lines of that request.
  app.addHook("onRequest", (request, reply, done) => {
    void reply.header("x-request-id", request.id);
    done();
  });
  await app.register(cookie);
  registerSecurityHeaders(app, config);

  registerHealthRoutes(app, options.ping);
  registerSsoCallbackRoute(app, deps);
  await registerScimRoutes(app, deps);

  await app.register(async (trpcScope) => {
    trpcScope.addHook("onRequest", csrfGuard(config.publicUrl));
    // Answers are per-session (auth.me, users.list, an invitation's email): no cache may keep them.
    trpcScope.addHook("onRequest", async (_request, reply) => {
      void reply.header("Cache-Control", "no-store");
    });
    await trpcScope.register(fastifyTRPCPlugin, {
      prefix: "/trpc",
      trpcOptions: {
        router: appRouter,
        // One request must not fan out into hundreds of procedure calls (database amplification).
        // apps/web/src/lib/trpc.ts sends at most this many per batch (maxItems).
        maxBatchSize: TRPC_MAX_BATCH_SIZE,
        createContext: createContextFactory(deps),
        onError({ error, path }) {
          if (error.code === "INTERNAL_SERVER_ERROR") deps.logger.error({ err: error.cause ?? error, path }, "trpc procedure failed");
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
    });
  });

  await registerWebApp(app, config.webDistDir);
  return app;
}
