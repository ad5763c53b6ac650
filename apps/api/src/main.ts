import { startApiServer } from "./app";
import { ConfigError, loadConfig, type AppConfig } from "./config";
import { createLogger } from "./http/logging";
import { installProcessGuards } from "./http/process-guards";

function configOrExit(): AppConfig {
  try {
    // The only place the API process reads its environment.
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

const config = configOrExit();
const logger = createLogger(config);
let stopServer: () => Promise<void> = () => Promise.resolve();
installProcessGuards(logger, () => stopServer());

try {
  const server = await startApiServer({ config, logger });
  stopServer = () => server.close();
  logger.info({ url: server.url, publicUrl: config.publicUrl, database: config.database.driver }, "api listening");
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    // PGlite keeps the event loop alive until closed, so always close the database too.
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
} catch (error) {
  logger.fatal({ err: error }, "api failed to start");
  process.exit(1);
}
