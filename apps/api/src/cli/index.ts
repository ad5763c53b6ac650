/**
 * Operator CLI: `pnpm jams <command>` (the `jams` bin of @jams/api, so no package-manager wrapper
 * adds noise to its output or exit code). Every command closes the database before returning, so
 * the process exits (PGlite would otherwise keep it alive).
 */
import { parseArgs } from "node:util";
import { DataDirLockedError } from "@jams/db/client";
import { openDatabase } from "../app";
import type { AppConfig } from "../config";
import { isDomainError, type DomainError } from "../domain/errors";
import { findEmailOwner } from "../domain/users/email-owner";
import { CLI_COMMANDS, type CommandSpec } from "./commands";

export { CLI_COMMANDS };

// The embedded database allows one process (see packages/db/src/pglite-lock.ts).
const RUNNING_DEMO_HINT = `The demo (or API) is probably running on this database. Either:
  - stop it (Ctrl+C in its terminal), run this command, then start it again: its data stays in the folder; or
  - for users, use the running app itself (Users → Invite); or
  - run the demo and the CLI against PostgreSQL instead: set the same DATABASE_URL for both.`;

type Output = (line: string) => void;

/** Exit codes: 0 done, 1 refused (nothing changed), 2 usage error. */
const USAGE_ERROR = 2;

function overview(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "Usage: pnpm jams <command> [options]",
    "",
    "Commands:",
    ...CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Run `pnpm jams <command> --help` for a command's options.",
  ].join("\n");
}

function commandHelp(command: CommandSpec): string {
  const entries = Object.entries(command.options);
  const synopsis = entries.map(([name, o]) => (o.required ? `--${name} ${o.placeholder}` : `[--${name} ${o.placeholder}]`)).join(" ");
  const width = Math.max(0, ...entries.map(([name, o]) => name.length + o.placeholder.length + 3)) + 2;
  return [
    `Usage: pnpm jams ${command.name}${synopsis ? ` ${synopsis}` : ""}`,
    "",
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    ...(entries.length
      ? ["", "Options:", ...entries.map(([name, o]) => `  ${`--${name} ${o.placeholder}`.padEnd(width)}${o.description}${o.required ? " (required)" : ""}`)]
      : []),
    "",
    "Example:",
    ...command.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** `email_taken` and friends, told in the operator's terms. */
async function refusal(error: DomainError, command: CommandSpec, values: Record<string, string | undefined>, config: AppConfig): Promise<string> {
  if (error.code === "email_taken") {
    const email = values["admin-email"] ?? values.email ?? "";
    const database = await openDatabase(config);
    try {
      const owner = await findEmailOwner(database.db, email);
      return owner
        ? `Refused (email_taken): ${owner.email} already belongs to organisation "${owner.organizationName}" (slug: ${owner.slug}). Emails are unique across all organisations.`
        : `Refused (email_taken): ${email} is already in use.`;
    } finally {
      await database.close();
    }
  }
  if (error.code === "invalid_input") return `Refused (invalid_input): check the values given; see \`pnpm jams ${command.name} --help\`.`;
  return `Refused (${error.code}).`;
}

async function run(argv: string[], config: AppConfig | (() => AppConfig), out: Output): Promise<number> {
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith("-")) break;
    words.push(arg);
  }
  const wantsHelp = argv.includes("--help") || argv.includes("-h");
  const command = CLI_COMMANDS.find((c) => c.name === words.slice(0, c.name.split(" ").length).join(" "));
  if (!command) {
    if (words.length === 0 || words[0] === "help") {
      out(overview());
      return wantsHelp || words[0] === "help" ? 0 : USAGE_ERROR;
    }
    out(`Unknown command "${words.join(" ")}".\n\n${overview()}`);
    return USAGE_ERROR;
  }
  if (wantsHelp) {
    out(commandHelp(command));
    return 0;
  }

  let values: Record<string, string | undefined>;
  try {
    const parsed = parseArgs({
      args: argv.slice(command.name.split(" ").length),
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(Object.keys(command.options).map((name) => [name, { type: "string" as const }])),
    });
    values = parsed.values;
  } catch (error) {
    // node:util's messages name the option ("Unknown option '--colour'"); keep them, add the help.
    out(`${error instanceof Error ? error.message : String(error)}\nSee \`pnpm jams ${command.name} --help\`.`);
    return USAGE_ERROR;
  }
  // Every bad option at once, like the configuration errors.
  const problems = Object.entries(command.options).flatMap(([name, option]) => {
    const value = values[name];
    const problem = value === undefined ? (option.required ? "is required" : null) : (option.check?.(value) ?? null);
    return problem ? [`--${name}${value === undefined ? "" : ` "${value}"`} ${problem}.`] : [];
  });
  if (problems.length > 0) {
    out([...problems, `See \`pnpm jams ${command.name} --help\`.`].join("\n"));
    return USAGE_ERROR;
  }

  const resolved = typeof config === "function" ? config() : config;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(resolved);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    out(error.message);
    out(RUNNING_DEMO_HINT);
    return 1;
  }
  let refused: DomainError;
  try {
    await database.migrate();
    return await command.run({ db: database.db, config: resolved, values, out });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    refused = error;
  } finally {
    await database.close();
  }
  out(await refusal(refused, command, values, resolved));
  return 1;
}

export { run as runCli };
