import type { AddressInfo } from "node:net";
import { createDatabase, type DatabaseHandle } from "@jams/db/client";
import { createSecretBox, loadOrCreateKeyFile, parseEncryptionKey, type SecretBox } from "@jams/db/secrets";
import { createRelyingParty } from "@jams/oidc/relying-party";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { AppConfig } from "./config";
import type { AppDeps } from "./domain/deps";
import { purgeExpiredRows } from "./domain/maintenance/purge-expired";
import { createDnsTxtResolver } from "./domain/domains/txt-resolver";
import { createSmtpMailer } from "./domain/shared/mailer";
import { deriveBindingKey } from "./domain/sso/browser-binding";
import { createLogger } from "./http/logging";
import { buildServer } from "./http/server";

function currentEncryptionKey(config: AppConfig): Buffer {
  return config.encryptionKey.source === "env" ? parseEncryptionKey(config.encryptionKey.value) : loadOrCreateKeyFile(config.encryptionKey.path);
}

export function createSecretBoxFromConfig(config: AppConfig): SecretBox {
  return createSecretBox(currentEncryptionKey(config), config.previousEncryptionKeys.map(parseEncryptionKey));
}

export function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  return config.database.driver === "postgres"
    ? createDatabase({ driver: "postgres", url: config.database.url })
    : createDatabase({ driver: "pglite", dataDir: config.database.dataDir });
}

/** Everything built once per process: the relying party (with its caches), secret box, mailer. */
export function createAppDeps(config: AppConfig, db: DatabaseHandle["db"], options: { logger?: Logger; now?: () => Date } = {}): AppDeps {
  return {
    config,
    db,
    secrets: createSecretBoxFromConfig(config),
    rp: createRelyingParty({ insecureHosts: config.insecureIssuerHosts }),
    mailer: config.smtp ? createSmtpMailer(config.smtp) : null,
    dns: createDnsTxtResolver(config.domainDns),
    keys: { ssoBinding: deriveBindingKey(currentEncryptionKey(config)) },
    logger: options.logger ?? createLogger(config),
    now: options.now ?? (() => new Date()),
  };
}

const PURGE_INTERVAL_MS = 10 * 60_000;

function startPurgeTimer(deps: AppDeps): NodeJS.Timeout {
  const timer = setInterval(() => {
    purgeExpiredRows(deps.db, deps.now()).catch((error: unknown) => deps.logger.warn({ err: error }, "purging expired rows failed"));
  }, PURGE_INTERVAL_MS);
  // Housekeeping must never keep the process alive on shutdown.
  timer.unref();
  return timer;
}

export interface StartApiServerOptions {
  config: AppConfig;
  /** An already-open database (tests share one between instances); otherwise opened from config and migrated. */
  database?: DatabaseHandle;
  logger?: Logger;
  now?: () => Date;
}

export interface RunningApiServer {
  /** Where this instance actually listens (may differ from PUBLIC_URL behind a proxy). */
  url: string;
  deps: AppDeps;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startApiServer(options: StartApiServerOptions): Promise<RunningApiServer> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase(options.config));
  try {
    if (ownsDatabase) await database.migrate();
    const deps = createAppDeps(options.config, database.db, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const app = await buildServer(deps, { ping: () => database.ping() });
    const purge = startPurgeTimer(deps);
    app.addHook("onClose", () => clearInterval(purge));
    await app.listen({ host: options.config.host, port: options.config.port });
    const address = app.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return {
      url: `http://${host}:${address.port}`,
      deps,
      app,
      async close() {
        await app.close();
        deps.rp.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
