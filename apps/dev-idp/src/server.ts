/**
 * Okta-like OpenID Provider for development and tests, listening on 127.0.0.1 only, with a
 * path issuer http://127.0.0.1:<port>/oauth2/default (like Okta's default authorization server).
 * oidc-provider is mounted under that path behind a tiny node:http prefix router; the sign-in
 * interaction pages are served by this file.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import { signInPage } from "./pages";
import { buildProvider, generateSigningKey, MOUNT_PATH } from "./provider";
import { DevStore, type DevClient, type DevUser, type StoredUser } from "./store";

export type { DevClient, DevUser, StoredUser } from "./store";

export interface DevIdpOptions {
  port?: number; // 0 = random
  host?: "127.0.0.1";
  clients: DevClient[];
  users: DevUser[];
  /** Default true, like Okta: profile/email claims come from UserInfo, not the ID token. */
  conformIdTokenClaims?: boolean;
  /** Answer both authorize errors (unknown client, unregistered redirect URI) with one generic page. */
  genericAuthorizeErrors?: boolean;
  /** Called with each request's method and path (the CLI's --log-requests prints them for the bench). */
  onRequest?: (method: string, path: string) => void;
}

export interface DevIdp {
  issuer: string;
  url: string;
  addClient(client: DevClient): void;
  setUsers(users: DevUser[]): void;
  addUser(user: DevUser): StoredUser;
  /** Adds a new signing key (new kid) and makes it current; the old key stays published. */
  rotateKeys(): Promise<void>;
  /** Paths requested so far (for tests asserting caching behaviour). */
  readonly requestLog: readonly string[];
  close(): Promise<void>;
}

const INTERACTION = /^\/oauth2\/default\/interaction\/([\w-]+)(\/login)?$/;
const MAX_FORM_BYTES = 16 * 1024;

function readRaw(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) reject(new Error("form too large"));
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readRaw(req));
}

/**
 * oidc-provider accepts client_secret_basic and client_secret_post interchangeably; Okta does
 * not: an app set to one method gets invalid_client for the other. The token request is read
 * here to apply Okta's rule, then handed on already parsed (oidc-provider reads req.body).
 */
async function oktaClientAuthRule(store: DevStore, req: http.IncomingMessage & { body?: string }, res: http.ServerResponse): Promise<boolean> {
  const raw = await readRaw(req);
  req.body = raw;
  const form = new URLSearchParams(raw);
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const clientId = basic ? decodeURIComponent(Buffer.from(basic, "base64").toString().split(":")[0] ?? "") : form.get("client_id");
  const method = basic ? "client_secret_basic" : form.has("client_secret") ? "client_secret_post" : null;
  const client = clientId ? store.clients.get(clientId) : undefined;
  if (!client || method === null || client.tokenEndpointAuthMethod === method) return false;
  res.writeHead(401, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: "invalid_client", error_description: "Client authentication failed. Either the client or the client credentials are invalid." }));
  return true;
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

async function handleInteraction(provider: Provider, store: DevStore, req: http.IncomingMessage, res: http.ServerResponse, isPost: boolean) {
  const details = await provider.interactionDetails(req, res);
  const clientId = typeof details.params.client_id === "string" ? details.params.client_id : "";
  const action = `${MOUNT_PATH}/interaction/${details.uid}/login`;
  if (details.prompt.name !== "login") {
    // Consent is granted implicitly (see loadExistingGrant); nothing to ask.
    await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    return;
  }
  if (!isPost) {
    const loginHint = typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
    sendHtml(res, 200, signInPage({ action, clientId, ...(loginHint ? { loginHint } : {}) }));
    return;
  }
  const form = await readForm(req);
  const email = form.get("email") ?? "";
  const user = store.userByEmail(email);
  if (!user || user.password !== (form.get("password") ?? "")) {
    sendHtml(res, 401, signInPage({ action, clientId, loginHint: email, error: "Unable to sign in. Check your email and password." }));
    return;
  }
  if (user.assigned === false) {
    // What Okta does for users not assigned to the application.
    await provider.interactionFinished(req, res, {
      error: "access_denied",
      error_description: "User is not assigned to the client application.",
    });
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
}

export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const host = "127.0.0.1"; // never listen on other interfaces, whatever the caller passes
  const store = new DevStore();
  store.setUsers(options.users);
  for (const c of options.clients) store.clients.set(c.clientId, c);
  const cookieKeys = [randomBytes(32).toString("base64url")];
  let keys = [await generateSigningKey()];
  const requestLog: string[] = [];

  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const issuer = `${url}${MOUNT_PATH}`;

  const make = () => buildProvider({ issuer, store, keys, cookieKeys, conformIdTokenClaims: options.conformIdTokenClaims ?? true, genericAuthorizeErrors: options.genericAuthorizeErrors ?? false });
  let provider = make();
  let callback = provider.callback();

  server.on("request", (req: http.IncomingMessage & { originalUrl?: string }, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    requestLog.push(path);
    options.onRequest?.(req.method ?? "GET", path);
    const interaction = INTERACTION.exec(path);
    if (interaction) {
      const isPost = req.method === "POST" && interaction[2] === "/login";
      handleInteraction(provider, store, req, res, isPost).catch((err: unknown) => {
        if (!res.headersSent) sendHtml(res, 400, `<!doctype html><title>Error</title><p>${err instanceof Error ? err.name : "Error"}: sign-in session expired or invalid.</p>`);
        else res.end();
      });
      return;
    }
    if (path === MOUNT_PATH || path.startsWith(`${MOUNT_PATH}/`)) {
      // oidc-provider derives its mount path from originalUrl minus url.
      req.originalUrl = req.url;
      req.url = (req.url ?? "").slice(MOUNT_PATH.length) || "/";
      if (req.method === "POST" && path === `${MOUNT_PATH}/token`) {
        oktaClientAuthRule(store, req, res).then(
          (answered) => {
            if (!answered) void callback(req, res);
          },
          () => res.writeHead(400).end(),
        );
        return;
      }
      void callback(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });

  return {
    issuer,
    url,
    requestLog,
    addClient(client) {
      store.clients.set(client.clientId, client);
    },
    setUsers(users) {
      store.setUsers(users);
    },
    addUser(user) {
      return store.addUser(user);
    },
    async rotateKeys() {
      keys = [await generateSigningKey(), ...keys];
      provider = make();
      callback = provider.callback();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
