import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { LOGIN_PATH } from "@jams/contract/routes";

const API_PREFIXES = ["/trpc", "/auth/", "/healthz", "/readyz", "/scim/"];

/** An HTML page naming the current hashed assets: revalidated on every load (send's own header off). */
function sendPage(reply: FastifyReply, file: string): FastifyReply {
  return reply.header("Cache-Control", "no-cache").sendFile(file, { cacheControl: false });
}

/**
 * Serves the built SPA; unknown non-API GETs get index.html so client-side routes deep-link.
 * /login is a page of its own (apps/web/login.html: the sign-in page without the SPA's router).
 */
export async function registerWebApp(app: FastifyInstance, webDistDir: string | null): Promise<void> {
  const hasWeb = webDistDir !== null && existsSync(join(webDistDir, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: ["index.html"] });
    if (existsSync(join(webDistDir, "login.html"))) {
      app.get(LOGIN_PATH, async (_request, reply) => sendPage(reply, "login.html"));
    }
  }
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (hasWeb && request.method === "GET" && !isApi) {
      return sendPage(reply, "index.html");
    }
    return reply.code(404).send({ error: { message: "not_found", data: { appCode: "not_found" } } });
  });
}
