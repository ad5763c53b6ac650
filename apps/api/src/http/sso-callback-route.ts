import { loginErrorPath, SSO_CALLBACK_PATH } from "@jams/contract/routes";
import { isDatabaseUnavailable } from "@jams/db/client";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../domain/deps";
import { isDomainError } from "../domain/errors";
import { type CallbackOutcome, completeSsoCallback } from "../domain/sso/complete-callback";
import { appErrorBody } from "../trpc/error-body";
import { fastifyCookieJar } from "./cookie-jar";

export function registerSsoCallbackRoute(app: FastifyInstance, deps: AppDeps): void {
  // The per-address limit (callbackPerIp) is counted by the domain, in the statement that
  // consumes the flow (consume-transaction.ts): no round trip of its own.
  app.get(
    SSO_CALLBACK_PATH,
    async (request, reply) => {
      // The raw query string, not Fastify's parsed object: arrays and duplicates must be seen to be refused.
      const rawUrl = request.raw.url ?? "";
      const question = rawUrl.indexOf("?");
      const rawQuery = question === -1 ? "" : rawUrl.slice(question + 1);
      // A database outage must still end in a coded page, never a bare 500 on the IdP's redirect.
      const outcome = await completeSsoCallback(deps, {
        rawQuery,
        cookies: fastifyCookieJar(deps.config, request, reply),
        meta: { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
      }).catch((error: unknown): CallbackOutcome | RateLimited =>
        isDomainError(error) && error.code === "rate_limited"
          ? { rateLimited: true, retryAfterSeconds: error.details.retryAfterSeconds ?? 1 }
          : isDatabaseUnavailable(error)
            ? { location: loginErrorPath("service_unavailable"), code: "service_unavailable" }
            : { location: loginErrorPath("internal_error"), code: "internal_error", unexpected: error },
      );
      // 429 with the body and Retry-After the route-level limiter (@fastify/rate-limit) used to
      // send; the flow's transaction is left unconsumed.
      if ("rateLimited" in outcome) {
        return reply
          .code(429)
          .header("Retry-After", String(outcome.retryAfterSeconds))
          .header("Cache-Control", "no-store")
          .send({ statusCode: 429, error: appErrorBody("rate_limited", { details: { retryAfterSeconds: outcome.retryAfterSeconds } }) });
      }
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

interface RateLimited {
  rateLimited: true;
  retryAfterSeconds: number;
}
