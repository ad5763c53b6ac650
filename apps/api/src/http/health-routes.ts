import type { FastifyInstance } from "fastify";

/** /healthz: the process is serving. /readyz: it can also reach the database. */
export function registerHealthRoutes(app: FastifyInstance, ping: () => Promise<void>): void {
  app.get("/healthz", () => Promise.resolve({ status: "ok" }));
  app.get("/readyz", async (request, reply) => {
    try {
      await ping();
      return { status: "ready" };
    } catch (error) {
      request.log.warn({ err: error }, "readiness check failed");
      return reply.code(503).send({ status: "unavailable" });
    }
  });
}
