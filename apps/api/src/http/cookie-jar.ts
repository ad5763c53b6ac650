import "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppConfig } from "../config";
import type { CookieJar } from "../domain/context";

/** Every cookie the API sets is HttpOnly, SameSite=Lax, Path=/ and Secure behind https. */
export function fastifyCookieJar(config: AppConfig, req: FastifyRequest, reply: FastifyReply): CookieJar {
  const base = { httpOnly: true, sameSite: "lax", path: "/", secure: config.secureCookies } as const;
  return {
    get: (name) => req.cookies[name],
    set: (name, value, options) => {
      void reply.setCookie(name, value, { ...base, ...(options?.expires ? { expires: options.expires } : {}) });
    },
    clear: (name) => {
      void reply.clearCookie(name, base);
    },
  };
}
