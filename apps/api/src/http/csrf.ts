import type { FastifyReply, FastifyRequest } from "fastify";

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
    await reply.code(403).send({
      error: {
        message: "csrf_rejected",
        code: -32003,
        data: { code: "FORBIDDEN", httpStatus: 403, appCode: "csrf_rejected" },
      },
    });
  };
}
