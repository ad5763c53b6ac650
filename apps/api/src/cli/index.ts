/**
 * Operator CLI: `pnpm jams <command>` from the repository root. Every command closes the
 * database before returning, so the process exits (PGlite would otherwise keep it alive).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DataDirLockedError } from "@jams/db/client";
import { rotateSecrets } from "@jams/db/secrets";
import { createSecretBoxFromConfig, openDatabase } from "../app";
import { loadConfig, type AppConfig } from "../config";
import { isDomainError } from "../domain/errors";
import { createOrganizationWithAdmin, findOrganizationBySlug } from "../domain/organizations/create-organization";
import { unenforceSsoBySlug } from "../domain/sso/enforcement";
import { createInvitedUser, inviteUrlFor } from "../domain/users/create-invitation";

const USAGE = `Usage: pnpm jams <command>
  migrate                                        apply database migrations
  org create --name <n> --admin-email <e> [--admin-password <p>]
  user invite --org <slug> --email <e> [--role admin|member] [--name <n>]
  sso unenforce --org <slug>                     turn SSO enforcement off (recovery)
  secrets rotate-key                             re-seal secrets under SECRET_ENCRYPTION_KEY`;

// The embedded database allows one process (see packages/db/src/pglite-lock.ts).
const RUNNING_DEMO_HINT = `The demo (or API) is probably running on this database. Either:
  - stop it (Ctrl+C in its terminal), run this command, then start it again: its data stays in the folder; or
  - for users, use the running app itself (Users → Invite); or
  - run the demo and the CLI against PostgreSQL instead: set the same DATABASE_URL for both.`;

type Output = (line: string) => void;

async function run(argv: string[], config: AppConfig, out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      org: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
    },
  });
  const command = positionals.join(" ");
  const known = ["migrate", "org create", "user invite", "sso unenforce", "secrets rotate-key"];
  if (!known.includes(command)) {
    out(USAGE);
    return 2;
  }
  let database: ReturnType<typeof openDatabase>;
  try {
    database = openDatabase(config);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    out(error.message);
    out(RUNNING_DEMO_HINT);
    return 1;
  }
  try {
    await database.migrate();
    const { db } = database;
    switch (command) {
      case "migrate":
        out("Migrations applied.");
        return 0;
      case "org create": {
        if (!values.name || !values["admin-email"]) break;
        const created = await createOrganizationWithAdmin(db, {
          name: values.name,
          adminEmail: values["admin-email"],
          adminPassword: values["admin-password"],
          now: new Date(),
        });
        out(`Created organisation "${values.name}" (slug: ${created.slug}).`);
        out(
          created.inviteToken
            ? `One-time invite link for the admin (valid 7 days): ${inviteUrlFor(config.publicUrl, created.inviteToken)}`
            : `The admin can sign in at ${config.publicUrl}/login with the password given.`,
        );
        return 0;
      }
      case "user invite": {
        if (!values.org || !values.email) break;
        const org = await findOrganizationBySlug(db, values.org);
        if (!org) {
          out(`No organisation with slug "${values.org}".`);
          return 1;
        }
        const role = values.role === "admin" ? "admin" : "member";
        const { token } = await createInvitedUser(db, {
          organizationId: org.id,
          email: values.email,
          displayName: values.name ?? null,
          role,
          invitedBy: null,
          now: new Date(),
        });
        out(`Invited ${values.email} as ${role}. One-time link (valid 7 days): ${inviteUrlFor(config.publicUrl, token)}`);
        return 0;
      }
      case "sso unenforce": {
        if (!values.org) break;
        const done = await unenforceSsoBySlug(db, values.org);
        out(done ? `SSO enforcement is off for "${values.org}".` : `No organisation with slug "${values.org}".`);
        return done ? 0 : 1;
      }
      case "secrets rotate-key": {
        const result = await rotateSecrets(db, createSecretBoxFromConfig(config));
        out(`Re-sealed ${result.connections} connection secret(s) and ${result.sessions} session token hint(s).`);
        return 0;
      }
    }
    out(USAGE);
    return 2;
  } catch (error) {
    if (isDomainError(error)) {
      out(`Refused: ${error.code}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

export { run as runCli };

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntryPoint) {
  const config = loadConfig(process.env);
  run(process.argv.slice(2), config, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
