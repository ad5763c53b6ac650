#!/usr/bin/env -S npx tsx
/**
 * Development entry point: `pnpm --filter @jams/dev-idp start`.
 *
 * Configuration (env, or --flags of the same name in kebab case, e.g. --port 4011):
 *   PORT                    default 4010 (0 = random)
 *   DEV_IDP_CLIENTS         JSON array of DevClient; default one client "jams-dev" for
 *                           http://localhost:3000/auth/sso/callback (client_secret_basic)
 *   DEV_IDP_USERS           JSON array of DevUser; default admin@example.com / password
 *   --generic-errors        every authorize error is one page naming nothing (Check connection demo)
 *   --log-requests          print "request <METHOD> <path>" for every request (pnpm bench counts them)
 *   --claims-in-id-token    put email/name in the ID token as Entra ID, Google and Auth0 do (the
 *                           default, like Okta's org server, returns them from UserInfo only)
 * Prints the issuer URL; closes cleanly on SIGINT/SIGTERM. Listens on 127.0.0.1 only.
 */
import { parseArgs } from "node:util";
import { startDevIdp, type DevClient, type DevUser } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    clients: { type: "string" },
    users: { type: "string" },
    "generic-errors": { type: "boolean" },
    "log-requests": { type: "boolean" },
    "claims-in-id-token": { type: "boolean" },
  },
  strict: true,
});

function parseJson<T>(raw: string | undefined, name: string, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    console.error(`${name} is not valid JSON`);
    process.exit(2);
  }
}

const defaultClients: DevClient[] = [
  { clientId: "jams-dev", clientSecret: "jams-dev-secret", redirectUris: ["http://localhost:3000/auth/sso/callback"], postLogoutRedirectUris: ["http://localhost:3000/login"], tokenEndpointAuthMethod: "client_secret_basic" },
];
const defaultUsers: DevUser[] = [{ email: "admin@example.com", name: "Dev Admin", password: "password", emailVerified: true }];

const port = Number(values.port ?? process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${String(values.port ?? process.env.PORT)}`);
  process.exit(2);
}

const idp = await startDevIdp({
  port,
  clients: parseJson(values.clients ?? process.env.DEV_IDP_CLIENTS, "DEV_IDP_CLIENTS", defaultClients),
  users: parseJson(values.users ?? process.env.DEV_IDP_USERS, "DEV_IDP_USERS", defaultUsers),
  // Like IdPs that answer an unknown client and an unregistered redirect URI with one page.
  genericAuthorizeErrors: values["generic-errors"] === true,
  conformIdTokenClaims: values["claims-in-id-token"] !== true,
  ...(values["log-requests"] ? { onRequest: (method: string, path: string) => process.stdout.write(`request ${method} ${path}\n`) } : {}),
});

console.log(`dev-idp issuer: ${idp.issuer}`);
console.log(`discovery:      ${idp.issuer}/.well-known/openid-configuration`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`dev-idp: ${signal} received, closing`);
  idp.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
