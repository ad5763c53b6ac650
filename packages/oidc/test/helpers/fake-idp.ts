/**
 * A deliberately misbehaving OpenID Provider for fault tests: a node:http server on loopback
 * serving discovery, JWKS, token and UserInfo, signing ID tokens with jose. Each test tweaks
 * `fake.config` (reset in beforeEach) to make it return exactly the wrong thing under test.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface FakeConfig {
  discovery: Record<string, unknown>;
  /** Mutates the default ID token claims. */
  claims: (claims: JWTPayload & Record<string, unknown>) => void;
  /** "current" key, another unpublished key, a shared-secret HS256 token, or an unsigned token. */
  signWith: "current" | "unpublished" | "hs256" | "none";
  omitKid: boolean;
  /** Publish only the current key, or every key ever generated. */
  publishAllKeys: boolean;
  /** Raw UserInfo body (object) or null for the default. */
  userinfo: Record<string, unknown> | null;
  /** Replace an endpoint completely. */
  override: Partial<Record<"discovery" | "jwks" | "token" | "userinfo" | "authorize", Handler>>;
  accessToken: string;
}

export interface FakeIdp {
  issuer: string;
  origin: string;
  clientId: string;
  clientSecret: string;
  config: FakeConfig;
  /** Every request received: method + path, and the id of the TCP connection that carried it. */
  requests: { method: string; path: string; authorization?: string; body: string; connection: number }[];
  /** TCP connections accepted since the last reset (ids keep counting up across resets). */
  connections: { id: number; closed: boolean }[];
  /** The nonce of the authorization request in flight (set by the test driver). */
  nonce: string | undefined;
  /** The endpoints' normal behaviour, for overrides that only change some requests. */
  defaultHandlers: Record<"discovery" | "jwks" | "token" | "userinfo", Handler>;
  rotate(): Promise<SigningKey>;
  currentKid(): string;
  reset(): void;
  close(): Promise<void>;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

export async function startFakeIdp(opts: { issuerPath?: string; clientSecret?: string } = {}): Promise<FakeIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}${opts.issuerPath ?? "/oauth2/default"}`;
  const clientId = "0oa-fake-client";
  const clientSecret = opts.clientSecret ?? "s3cr3t:with&special+chars%41=";
  const keys = [await newKey("key-1")];
  const unpublished = await newKey("key-1"); // same kid, different key: a forged signature
  let current = keys[0] as SigningKey;

  const defaults = (): FakeConfig => ({
    discovery: {
      issuer,
      authorization_endpoint: `${issuer}/v1/authorize`,
      token_endpoint: `${issuer}/v1/token`,
      jwks_uri: `${issuer}/v1/keys`,
      userinfo_endpoint: `${issuer}/v1/userinfo`,
      end_session_endpoint: `${issuer}/v1/logout`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      authorization_response_iss_parameter_supported: true,
    },
    claims: () => undefined,
    signWith: "current",
    omitKid: false,
    publishAllKeys: true,
    userinfo: null,
    override: {},
    accessToken: `at-${Math.random().toString(36).slice(2)}`,
  });

  const fake: FakeIdp = {
    issuer,
    origin,
    clientId,
    clientSecret,
    config: defaults(),
    requests: [],
    connections: [],
    nonce: undefined,
    defaultHandlers: {} as FakeIdp["defaultHandlers"],
    async rotate() {
      current = await newKey(`key-${keys.length + 1}`);
      keys.push(current);
      return current;
    },
    currentKid: () => current.kid,
    reset() {
      fake.config = defaults();
      fake.requests.length = 0;
      fake.connections.length = 0;
      fake.nonce = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const idToken = async (): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload & Record<string, unknown> = {
      iss: issuer, aud: clientId, sub: "00u-fake-user", iat: now, exp: now + 300,
      nonce: fake.nonce, email: "Jane.Doe@Example.com", email_verified: true, name: "Jane Doe",
    };
    fake.config.claims(claims);
    const { signWith, omitKid } = fake.config;
    if (signWith === "none") {
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      return `${enc({ alg: "none" })}.${enc(claims)}.`;
    }
    if (signWith === "hs256") {
      return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(clientSecret));
    }
    const key = signWith === "unpublished" ? unpublished : current;
    return new SignJWT(claims).setProtectedHeader(omitKid ? { alg: "RS256" } : { alg: "RS256", kid: key.kid }).sign(key.privateKey);
  };

  const handlers: Record<string, Handler> = {
    discovery: (_req, res) => json(res, 200, fake.config.discovery),
    jwks: (_req, res) => {
      const published = fake.config.publishAllKeys ? keys : [current];
      json(res, 200, { keys: published.map((k) => (fake.config.omitKid ? { ...k.publicJwk, kid: undefined } : k.publicJwk)) });
    },
    token: (req, res, body) => {
      const form = new URLSearchParams(body);
      let id = form.get("client_id");
      let secret = form.get("client_secret");
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (basic) {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
        const [u = "", p = ""] = Buffer.from(basic, "base64").toString().split(":");
        id = decodeURIComponent(u.replace(/\+/g, " "));
        secret = decodeURIComponent(p.replace(/\+/g, " "));
      }
      if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: "invalid_client", error_description: "Client authentication failed." });
      if (form.get("code") !== "good-code" || !form.get("code_verifier")) return json(res, 400, { error: "invalid_grant", error_description: "The authorization code is invalid or has expired." });
      void idToken().then((id_token) => json(res, 200, { access_token: fake.config.accessToken, token_type: "Bearer", expires_in: 3600, id_token, scope: "openid profile email" }));
    },
    // prompt=none without a session, like every IdP: straight back with login_required.
    authorize: (req, res) => {
      const query = new URL(req.url ?? "/", origin).searchParams;
      const target = new URL(query.get("redirect_uri") ?? origin);
      target.searchParams.set("error", "login_required");
      target.searchParams.set("state", query.get("state") ?? "");
      res.writeHead(302, { location: target.href }).end();
    },
    userinfo: (req, res) => {
      if (req.headers.authorization !== `Bearer ${fake.config.accessToken}`) return json(res, 401, { error: "invalid_token" });
      json(res, 200, fake.config.userinfo ?? { sub: "00u-fake-user", email: "Jane.Doe@Example.com", email_verified: true, name: "Jane Doe" });
    },
  };
  fake.defaultHandlers = handlers;
  const routes: Record<string, keyof FakeConfig["override"]> = {
    [`${new URL(issuer).pathname.replace(/\/$/, "")}/.well-known/openid-configuration`]: "discovery",
    [new URL(`${issuer}/v1/keys`).pathname]: "jwks",
    [new URL(`${issuer}/v1/token`).pathname]: "token",
    [new URL(`${issuer}/v1/userinfo`).pathname]: "userinfo",
    [new URL(`${issuer}/v1/authorize`).pathname]: "authorize",
  };

  // Connection reuse is observable here: a pooled client socket shows up as one connection
  // carrying several requests.
  const connectionIds = new WeakMap<Socket, number>();
  let nextConnectionId = 1;
  server.on("connection", (socket: Socket) => {
    const connection = { id: nextConnectionId++, closed: false };
    connectionIds.set(socket, connection.id);
    fake.connections.push(connection);
    socket.on("close", () => (connection.closed = true));
  });

  server.on("request", (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      fake.requests.push({ method: req.method ?? "GET", path, body, connection: connectionIds.get(req.socket) ?? 0, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const route = routes[path];
      const handler = route ? (fake.config.override[route] ?? handlers[route]) : undefined;
      if (handler) handler(req, res, body);
      else json(res, 404, { error: "not_found" });
    });
  });
  return fake;
}
