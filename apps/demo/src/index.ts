/**
 * `pnpm dev`: the whole product on one machine with no database server and no Okta account —
 * the API (embedded PGlite unless DATABASE_URL is set) serving the built SPA, plus the local
 * Okta-like IdP with the product's Redirect URI registered, and a seeded demo organisation.
 */
import { fileURLToPath } from "node:url";
import { DataDirLockedError } from "@jams/db/client";
import { startDevIdp } from "@jams/dev-idp/server";
import { createLogger, loadConfig, startApiServer } from "@jams/api";
import { DEMO, demoIdpClient, demoIdpUsers, seedDemoOrganization } from "./seed";
import { demoSignInLines } from "./status";

const webDist = fileURLToPath(new URL("../../web/dist", import.meta.url));
const idpPort = Number(process.env.DEV_IDP_PORT ?? 4010);

// Demo defaults sit under whatever the environment already says.
const config = loadConfig({
  SSO_INSECURE_ISSUER_HOSTS: "127.0.0.1,localhost",
  WEB_DIST_DIR: webDist,
  LOG_LEVEL: "warn",
  ...process.env,
});
if (config.production) {
  console.error("The demo never runs with NODE_ENV=production.");
  process.exit(2);
}
const logger = createLogger(config);

const idp = await startDevIdp({ port: idpPort, clients: [demoIdpClient(config.publicUrl)], users: demoIdpUsers() });
const server = await startApiServer({ config, logger }).catch(async (error: unknown) => {
  await idp.close();
  // Another process has the embedded database open: say so plainly, not with a stack trace.
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
const seeded = await seedDemoOrganization(server.deps.db, new Date());

const lines = [
  "",
  "JAMS IMES demo is running.",
  `  App:            ${config.publicUrl}/login   (listening on ${server.url})`,
  `  Database:       ${config.database.driver === "pglite" ? `embedded PGlite in ${config.database.dataDir}` : "PostgreSQL (DATABASE_URL)"}${seeded ? " — demo organisation seeded" : ""}`,
  "",
  ...(await demoSignInLines(server.deps.db, idp.issuer)),
  "",
  `  Local IdP users (password "${DEMO.idpPassword}"): ${DEMO.admin.email}, ${DEMO.members.map((m) => m.email).join(", ")}`,
  `    mallory@acme.test is not assigned to the app (sso_idp_rejected);`,
  `    ${DEMO.outsider.email} has no JAMS IMES account (user_not_provisioned).`,
  "",
  "Press Ctrl+C to stop.",
];
console.log(lines.join("\n"));

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  // PGlite keeps the event loop alive until closed, so close everything before exiting.
  Promise.allSettled([server.close(), idp.close()]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
