import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOrganizationWithAdmin } from "@jams/api";
import { createDatabase, type DatabaseHandle } from "@jams/db/client";
import { CookieJar } from "@jams/dev-idp/testing";
import { spawnTracked, waitForLine, type Spawned } from "./processes";

/** The processes under test, each in its own OS process so /proc shows its CPU and memory. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const apiMain = `${repoRoot}apps/api/dist/app/main.js`;

/** The node flags `pnpm start` runs the API with (heap sizing), so the bench measures what ships. */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(`${repoRoot}apps/api/package.json`, "utf8")) as { scripts?: { start?: string } };
  return pkg.scripts?.start?.match(/--[\w-]+=\S+/g) ?? [];
}
const baselineDir = fileURLToPath(new URL("./baselines/", import.meta.url));
export const CLIENT = { clientId: "jams-bench", clientSecret: "bench-secret-Zq8w!" };
export const IDP_PASSWORD = "bench-password";
const ADMIN = { email: "bench-admin@bench.test", password: "bench-admin-password" };
const RAISED = "1000000";

export function assertApiBuilt(): void {
  if (!existsSync(apiMain)) throw new Error("apps/api/dist/app/main.js is missing: run `pnpm build` (the root `pnpm bench` builds first).");
}

/** Org and admin are created before the API starts (its own domain function); the rest goes over HTTP. */
export async function seedOrganization(database: DatabaseHandle): Promise<void> {
  await database.migrate();
  await createOrganizationWithAdmin(database.db, { name: "Bench Corp", adminEmail: ADMIN.email, adminPassword: ADMIN.password, now: new Date() });
}

export function openSeedDatabase(store: { url: string } | { pgliteDir: string }): Promise<DatabaseHandle> {
  return "url" in store
    ? createDatabase({ driver: "postgres", url: store.url, maxConnections: 2 })
    : createDatabase({ driver: "pglite", dataDir: store.pgliteDir });
}

export async function startIdp(publicUrl: string, emails: readonly string[]): Promise<{ proc: Spawned; issuer: string }> {
  const clients = [
    {
      ...CLIENT,
      redirectUris: [`${publicUrl}/auth/sso/callback`],
      postLogoutRedirectUris: [`${publicUrl}/login`],
      tokenEndpointAuthMethod: "client_secret_basic",
    },
  ];
  const users = emails.map((email) => ({ email, name: "Bench User", password: IDP_PASSWORD, emailVerified: true }));
  const proc = spawnTracked("dev-idp", process.execPath, ["--import", "tsx", "src/cli.ts", "--port", "0", "--log-requests", "--claims-in-id-token"], {
    cwd: `${repoRoot}apps/dev-idp`,
    env: { PATH: process.env.PATH ?? "", DEV_IDP_CLIENTS: JSON.stringify(clients), DEV_IDP_USERS: JSON.stringify(users) },
  });
  const [, issuer = ""] = await waitForLine(proc, /^dev-idp issuer: (\S+)/, 120_000);
  return { proc, issuer };
}

export interface ApiOptions {
  name: string;
  port: number;
  publicUrl: string;
  encryptionKey: string;
  store: { url: string } | { pgliteDir: string };
  logLevel: string;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=…` (BENCH_API_NODE_ARGS). */
  nodeArgs?: readonly string[];
}

/** The production build, run with plain node, configured only through its environment. */
export async function startApi(options: ApiOptions): Promise<{ proc: Spawned; url: string }> {
  const proc = spawnTracked(options.name, process.execPath, [...productionNodeFlags(), ...(options.nodeArgs ?? []), apiMain], {
    cwd: `${repoRoot}apps/api`,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(options.port),
      PUBLIC_URL: options.publicUrl,
      SECRET_ENCRYPTION_KEY: options.encryptionKey,
      SSO_INSECURE_ISSUER_HOSTS: "127.0.0.1",
      LOG_LEVEL: options.logLevel,
      // Behind a reverse proxy on loopback: each virtual user has its own X-Forwarded-For address.
      TRUST_PROXY: "127.0.0.1",
      // Read once the rate-limit policy is configurable (ignored before): a storm from one
      // office must measure the sign-in path, not the limiter's refusals.
      RATE_LIMIT_WINDOW_SECONDS: "60",
      RATE_LIMIT_DISCOVER_PER_IP: RAISED,
      RATE_LIMIT_PASSWORD_ATTEMPTS_PER_IP: RAISED,
      RATE_LIMIT_START_SSO_PER_IP: RAISED,
      RATE_LIMIT_SSO_CALLBACK_PER_IP: RAISED,
      ...("url" in options.store ? { DATABASE_URL: options.store.url } : { PGLITE_DATA_DIR: options.store.pgliteDir }),
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHealthy(proc, `${url}/healthz`, 180_000);
  return { proc, url };
}

/** Polls a health URL (the API may log nothing below warn) until it answers or the process dies. */
async function waitForHealthy(proc: Spawned, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with ${proc.child.exitCode}\n${proc.tail.join("\n")}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${proc.name}: ${url} not healthy within ${timeoutMs} ms\n${proc.tail.join("\n")}`);
}

export async function startBaseline(name: "bare" | "select", databaseUrl: string | null): Promise<{ proc: Spawned; url: string }> {
  const proc = spawnTracked(`baseline-${name}`, process.execPath, [`${baselineDir}${name}.mjs`], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { PATH: process.env.PATH ?? "", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  const [, url = ""] = await waitForLine(proc, /^listening (\S+)/, 60_000);
  return { proc, url };
}

/** Signs the admin in with a password and sets up users and the SSO connection through the API. */
export async function seedThroughApi(apiUrl: string, publicUrl: string, issuer: string, emails: readonly string[]): Promise<void> {
  const jar = new CookieJar();
  const post = async (path: string, input: unknown) => {
    const response = await fetch(`${apiUrl}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl, cookie: jar.header() },
      body: JSON.stringify(input),
    });
    jar.store(response);
    const body = (await response.json()) as { result?: { data: unknown }; error?: { data?: { appCode?: string } } };
    if (!body.result) throw new Error(`seeding: ${path} failed (HTTP ${response.status} ${body.error?.data?.appCode ?? ""})`);
    return body.result.data;
  };
  await post("auth.passwordLogin", { email: ADMIN.email, password: ADMIN.password });
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < emails.length) {
        const email = emails[next++];
        await post("users.invite", { email, role: "member" });
      }
    }),
  );
  await post("sso.create", { label: "Okta", issuer, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, requireVerifiedEmail: true });
}
