import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { AppConfig } from "../config";

// Query parameters that are bearer material (authorization codes, state) or IdP free text.
const SECRET_QUERY_PARAMS = new Set(["code", "state", "id_token", "access_token", "token", "session_state", "error_description"]);

/** `/auth/sso/callback?code=abc&state=def` → `/auth/sso/callback?code=[redacted]&state=[redacted]`. */
export function redactUrl(url: string): string {
  const question = url.indexOf("?");
  let path = question === -1 ? url : url.slice(0, question);
  // Invitation tokens travel in the path of the SPA route; never log them.
  path = path.replace(/^\/invite\/[^/]+/, "/invite/[redacted]");
  if (question === -1) return path;
  const params = new URLSearchParams(url.slice(question + 1));
  for (const name of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) params.set(name, "[redacted]");
  }
  return `${path}?${params.toString()}`;
}

/** JSON logs to stdout (or `destination`, for tests that inspect what would be written). */
export function createLogger(config: Pick<AppConfig, "logLevel">, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        'res.headers["set-cookie"]',
        "*.password",
        "*.clientSecret",
        "*.idToken",
        "*.token",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

function describeRequest(request: FastifyRequest) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}

/** Fastify's default request log line includes the raw URL; this one redacts it first. */
export class RedactingLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ req: describeRequest(request) }, "incoming request");
  }

  override routeNotFound(request: FastifyRequest, _reply: FastifyReply): void {
    request.log.info({ req: describeRequest(request) }, "route not found");
  }
}
