import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../domain/deps";
import { isDomainError } from "../domain/errors";
import { authenticateScimToken } from "../domain/scim/authenticate";
import { type ScimContext, type ScimDirectory, scimBaseUrl } from "../domain/scim/context";
import { resourceTypes, schemas, serviceProviderConfig } from "../domain/scim/discovery";
import { ScimError, invalidFilter, notFound } from "../domain/scim/errors";
import { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, patchScimGroup, replaceScimGroup, type GroupProjection } from "../domain/scim/groups";
import { pageOf, parsePage } from "../domain/scim/pagination";
import { recordScimRequest } from "../domain/scim/request-log";
import { createScimUser, deleteScimUser, getScimUser, listScimUsers, patchScimUser, replaceScimUser } from "../domain/scim/users";
import { enforceRateLimit } from "../domain/shared/rate-limit";

export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

interface ScimRequestState {
  directory: ScimDirectory | null;
  scimType: string | null;
  resourceId: string | null;
}

const states = new WeakMap<FastifyRequest, ScimRequestState>();
const stateOf = (request: FastifyRequest): ScimRequestState => {
  let state = states.get(request);
  if (!state) {
    state = { directory: null, scimType: null, resourceId: null };
    states.set(request, state);
  }
  return state;
};

type Query = Record<string, unknown>;
type Params = { id: string };

function filterParam(query: Query): string | undefined {
  const filter = query.filter;
  if (filter === undefined) return undefined;
  if (typeof filter !== "string") throw invalidFilter("filter must be given once");
  return filter.trim() === "" ? undefined : filter;
}

function groupProjection(query: Query): GroupProjection {
  const list = (value: unknown) =>
    typeof value === "string" ? value.split(",").map((v) => v.trim().toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/, "")) : [];
  const excluded = list(query.excludedAttributes);
  const only = list(query.attributes);
  return { members: !excluded.includes("members") && (only.length === 0 || only.includes("members")) };
}

/** SCIM 2.0 service provider at /scim/v2 (RFC 7644), one directory per bearer token. */
export async function registerScimRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const limits = deps.config.scim;
  const baseUrl = scimBaseUrl(deps.config.publicUrl);

  await app.register(
    (scope, _options, done) => {
      scope.addContentTypeParser(
        ["application/scim+json"],
        { parseAs: "string", bodyLimit: limits.maxBodyBytes },
        scope.getDefaultJsonParser("error", "error"),
      );

      scope.addHook("onRequest", async (request, reply) => {
        const started = performance.now();
        (request as unknown as { scimStarted: number }).scimStarted = started;
        void reply.header("Cache-Control", "no-store");
        const directory = await authenticateScimToken(deps, request.headers.authorization);
        stateOf(request).directory = directory;
        await enforceRateLimit(deps.db, {
          key: `scim:${directory.id}`,
          max: limits.requestsPerWindow,
          windowMs: limits.windowMs,
          now: deps.now(),
        });
      });

      scope.addHook("onSend", (_request, reply, payload, done) => {
        void reply.header("Content-Type", SCIM_CONTENT_TYPE);
        done(null, payload);
      });

      scope.addHook("onResponse", async (request, reply) => {
        const state = stateOf(request);
        // Refused floods are not logged row by row: the limit exists to spare the database.
        if (!state.directory || reply.statusCode === 429) return;
        const started = (request as unknown as { scimStarted?: number }).scimStarted ?? performance.now();
        try {
          await recordScimRequest(deps, state.directory, {
            method: request.method,
            path: request.url.replace(/^\/scim\/v2/, ""),
            status: reply.statusCode,
            scimType: state.scimType,
            resourceId: state.resourceId,
            durationMs: performance.now() - started,
          });
        } catch (error) {
          request.log.warn({ err: error }, "recording a SCIM request failed");
        }
      });

      scope.setErrorHandler(async (error, request, reply) => {
        const scim = toScimError(error);
        if (scim.status >= 500) request.log.error({ err: error }, "SCIM request failed");
        stateOf(request).scimType = scim.scimType;
        if (scim.status === 401) void reply.header("WWW-Authenticate", 'Bearer realm="scim"');
        if (scim.retryAfterSeconds !== undefined) void reply.header("Retry-After", String(scim.retryAfterSeconds));
        return reply.code(scim.status).send(scim.body());
      });

      scope.setNotFoundHandler((_request, reply) => reply.code(404).send(notFound("No such SCIM endpoint").body()));

      const context = (request: FastifyRequest): ScimContext => {
        const directory = stateOf(request).directory;
        if (!directory) throw new ScimError(401, null, "A valid bearer token is required");
        return { deps, directory, ip: request.ip, baseUrl };
      };
      const sendResource = (request: FastifyRequest, reply: FastifyReply, resource: { id: string; meta: { version: string; location: string } }, status = 200) => {
        stateOf(request).resourceId = resource.id;
        void reply.header("ETag", resource.meta.version);
        if (status === 201) void reply.header("Location", resource.meta.location);
        if (status === 200 && request.method === "GET" && request.headers["if-none-match"] === resource.meta.version) {
          return reply.code(304).send();
        }
        return reply.code(status).send(resource);
      };
      const bodyLimit = limits.maxBodyBytes;

      scope.get("/ServiceProviderConfig", (_request, reply) => reply.send(serviceProviderConfig(baseUrl, limits.maxBodyBytes)));
      scope.get("/ResourceTypes", (_request, reply) => {
        const all = resourceTypes(baseUrl);
        return reply.send(pageOf(all.length, { startIndex: 1, count: all.length }, all));
      });
      scope.get<{ Params: Params }>("/ResourceTypes/:id", (request, reply) => {
        const found = resourceTypes(baseUrl).find((r) => r.id === request.params.id);
        if (!found) throw notFound();
        return reply.send(found);
      });
      scope.get("/Schemas", (_request, reply) => {
        const all = schemas(baseUrl);
        return reply.send(pageOf(all.length, { startIndex: 1, count: all.length }, all));
      });
      scope.get<{ Params: Params }>("/Schemas/:id", (request, reply) => {
        const found = schemas(baseUrl).find((s) => s.id === request.params.id);
        if (!found) throw notFound();
        return reply.send(found);
      });

      scope.get<{ Querystring: Query }>("/Users", async (request) =>
        listScimUsers(context(request), { page: parsePage(request.query), ...optional("filter", filterParam(request.query)) }),
      );
      scope.post("/Users", { bodyLimit }, async (request, reply) => sendResource(request, reply, await createScimUser(context(request), request.body), 201));
      scope.get<{ Params: Params }>("/Users/:id", async (request, reply) => sendResource(request, reply, await getScimUser(context(request), request.params.id)));
      scope.put<{ Params: Params }>("/Users/:id", { bodyLimit }, async (request, reply) =>
        sendResource(request, reply, await replaceScimUser(context(request), request.params.id, request.body)),
      );
      scope.patch<{ Params: Params }>("/Users/:id", { bodyLimit }, async (request, reply) =>
        sendResource(request, reply, await patchScimUser(context(request), request.params.id, request.body)),
      );
      scope.delete<{ Params: Params }>("/Users/:id", async (request, reply) => {
        stateOf(request).resourceId = request.params.id.slice(0, 64);
        await deleteScimUser(context(request), request.params.id);
        return reply.code(204).send();
      });

      scope.get<{ Querystring: Query }>("/Groups", async (request) =>
        listScimGroups(context(request), {
          page: parsePage(request.query),
          projection: groupProjection(request.query),
          ...optional("filter", filterParam(request.query)),
        }),
      );
      scope.post("/Groups", { bodyLimit }, async (request, reply) => sendResource(request, reply, await createScimGroup(context(request), request.body), 201));
      scope.get<{ Params: Params; Querystring: Query }>("/Groups/:id", async (request, reply) =>
        sendResource(request, reply, await getScimGroup(context(request), request.params.id, groupProjection(request.query))),
      );
      scope.put<{ Params: Params }>("/Groups/:id", { bodyLimit }, async (request, reply) =>
        sendResource(request, reply, await replaceScimGroup(context(request), request.params.id, request.body)),
      );
      scope.patch<{ Params: Params }>("/Groups/:id", { bodyLimit }, async (request, reply) =>
        sendResource(request, reply, await patchScimGroup(context(request), request.params.id, request.body)),
      );
      scope.delete<{ Params: Params }>("/Groups/:id", async (request, reply) => {
        stateOf(request).resourceId = request.params.id.slice(0, 64);
        await deleteScimGroup(context(request), request.params.id);
        return reply.code(204).send();
      });
      done();
    },
    { prefix: "/scim/v2" },
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Everything becomes a SCIM error body; only genuine bugs and outages are 500. */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (isDomainError(error)) {
    if (error.code === "rate_limited") return new ScimError(429, null, "Too many requests for this token", error.details.retryAfterSeconds ?? 60);
    if (error.code === "not_found") return notFound();
  }
  const fastify = error as { statusCode?: number; code?: string };
  if (fastify.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new ScimError(413, null, "The request body is too large");
  if (fastify.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new ScimError(415, null, "Send application/scim+json or application/json");
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ScimError(fastify.statusCode, fastify.statusCode === 400 ? "invalidSyntax" : null, "The request could not be read");
  }
  return new ScimError(500, null, "Internal error");
}
