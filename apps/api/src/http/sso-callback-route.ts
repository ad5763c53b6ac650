import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../domain/deps";
import { completeSsoCallback } from "../domain/sso/complete-callback";
import { fastifyCookieJar } from "./cookie-jar";

export const SSO_CALLBACK_PATH = "/auth/sso/callback";

export function registerSsoCallbackRoute(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    SSO_CALLBACK_PATH,
    {
      config: { rateLimit: { max: deps.config.rateLimits.callbackPerIp, timeWindow: deps.config.rateLimits.windowMs } },
    },
    async (request, reply) => {
      // The raw query string, not Fastify's parsed object: arrays and duplicates must be seen to be refused.
      const rawUrl = request.raw.url ?? "";
      const question = rawUrl.indexOf("?");
      const rawQuery = question === -1 ? "" : rawUrl.slice(question + 1);
      const outcome = await completeSsoCallback(deps, {
        rawQuery,
        cookies: fastifyCookieJar(deps.config, request, reply),
        meta: { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
      });
      if (outcome.unexpected) request.log.error({ err: outcome.unexpected }, "sso callback failed unexpectedly");
      else request.log.info({ ssoOutcome: outcome.code ?? "success" }, "sso callback");
      // The URL carried a code and state: keep it out of Referer headers and caches.
      return reply
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store")
        .redirect(outcome.location, 303);
    },
  );
}
