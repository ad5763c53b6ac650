import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const API_PREFIXES = ["/trpc", "/auth/", "/healthz", "/readyz", "/scim/"];

/** Serves the built SPA; unknown non-API GETs get index.html so client-side routes deep-link. */
export async function registerWebApp(app: FastifyInstance, webDistDir: string | null): Promise<void> {
  const hasWeb = webDistDir !== null && existsSync(join(webDistDir, "index.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: ["index.html"] });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (hasWeb && request.method === "GET" && !isApi) {
      return reply.header("Cache-Control", "no-cache").sendFile("index.html");
    }
    return reply.code(404).send({ error: { message: "not_found", data: { appCode: "not_found" } } });
  });
}
