import type { FastifyReply, FastifyRequest } from "fastify";
import { appErrorBody } from "../trpc/error-body";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * tRPC mutations arrive as POST. Requiring a JSON content type (not sendable by a plain HTML
 * form without a CORS preflight) AND an Origin equal to PUBLIC_URL's origin stops cross-site
 * request forgery even where SameSite=Lax cookies would be sent.
 */
export function csrfGuard(publicOrigin: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (SAFE_METHODS.has(request.method)) return;
    const contentType = request.headers["content-type"] ?? "";
    const origin = request.headers.origin;
    if (contentType.toLowerCase().startsWith("application/json") && origin === publicOrigin) return;
    const error = appErrorBody("csrf_rejected");
    await reply.code(error.data.httpStatus).send({ error });
  };
}
