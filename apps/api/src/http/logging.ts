import { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { AppConfig } from "../config";

// Query parameters that are bearer material (authorization codes, state) or IdP free text.
// `input` is a tRPC GET query's JSON input: auth.invitation carries the invitation token in it.
const SECRET_QUERY_PARAMS = new Set(["code", "state", "id_token", "access_token", "token", "session_state", "error_description", "input"]);

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

// A failed query's error (drizzle's DrizzleQueryError) quotes every bound parameter in its message,
// stack and `params`: password hashes, emails, nonces. A database blip must not spill them.
const QUERY_PARAMS_TEXT = /params: [^\n]*/g;

function scrubQueryParameters(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrubQueryParameters(item, depth + 1));
  const scrubbed: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "params" || key === "parameters") scrubbed[key] = "[redacted]";
    else if (typeof item === "string" && (key === "message" || key === "stack")) scrubbed[key] = item.replace(QUERY_PARAMS_TEXT, "params: [redacted]");
    else scrubbed[key] = scrubQueryParameters(item, depth + 1);
  }
  return scrubbed;
}

/** JSON logs to stdout (or `destination`, for tests that inspect what would be written). */
export function createLogger(config: Pick<AppConfig, "logLevel">, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    serializers: { err: (error: Error) => scrubQueryParameters(pino.stdSerializers.err(error)) },
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
