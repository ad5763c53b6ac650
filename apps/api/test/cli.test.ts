import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_COMMANDS, runCli } from "../src/cli";
import { loadConfig, type AppConfig } from "../src/config";
import { TEST_ENCRYPTION_KEY } from "./helpers/config";

const exec = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("operator CLI", () => {
  let dir = "";
  let config: AppConfig;
  const lines: string[] = [];
  const run = (...argv: string[]) => runCli(argv, config, (line) => lines.push(line));
  const last = () => lines.at(-1) ?? "";

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "jams-cli-"));
    config = loadConfig({ PGLITE_DATA_DIR: join(dir, "pglite"), SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, PUBLIC_URL: "https://sso.example.com" });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has --help for every command, without touching the database", async () => {
    expect(CLI_COMMANDS.length).toBeGreaterThanOrEqual(5);
    const noConfig = () => {
      throw new Error("--help must not read the configuration");
    };
    for (const command of CLI_COMMANDS) {
      const out: string[] = [];
      expect(await runCli([...command.name.split(" "), "--help"], noConfig, (line) => out.push(line))).toBe(0);
      const text = out.join("\n");
      expect(text).toContain(`jams ${command.name}`);
      for (const option of Object.keys(command.options)) expect(text).toContain(`--${option}`);
    }
    const out: string[] = [];
    expect(await runCli(["--help"], noConfig, (line) => out.push(line))).toBe(0);
    for (const command of CLI_COMMANDS) expect(out.join("\n")).toContain(command.name);
  });

  it("rejects invalid and missing values before doing anything", async () => {
    expect(await run("user", "invite", "--org", "acme", "--email", "a@b.test", "--role", "owner")).toBe(2);
    expect(last()).toContain("--role");
    expect(last()).toContain("owner");
    expect(await run("user", "invite", "--org", "acme", "--email", "not-an-email")).toBe(2);
    expect(last()).toContain("--email");
    expect(await run("org", "create", "--name", "X")).toBe(2);
    expect(last()).toContain("--admin-email");
    expect(await run("org", "create", "--name", "X", "--admin-email", "x@x.test", "--colour", "red")).toBe(2);
    expect(last()).toContain("--colour");
    expect(await run("org", "create", "--name", "X", "--admin-email", "x@x.test", "--admin-password", "short")).toBe(2);
    expect(last()).toContain("--admin-password");
    expect(await run("nonsense")).toBe(2);
  });

  it("prints clear refusals naming the organisation and email", { timeout: 180_000 }, async () => {
    expect(await run("org", "create", "--name", "Cli Org", "--admin-email", "boss@cli.test")).toBe(0);
    expect(await run("org", "create", "--name", "Other", "--admin-email", "BOSS@cli.test", "--admin-password", "long enough pw")).toBe(1);
    expect(last()).toContain("email_taken");
    expect(last()).toContain("boss@cli.test");
    expect(last()).toContain("cli-org");
    expect(await run("user", "invite", "--org", "missing", "--email", "m@cli.test")).toBe(1);
    expect(last()).toContain('"missing"');
    expect(await run("user", "invite", "--org", "cli-org", "--email", "m@cli.test", "--role", "admin")).toBe(0);
    expect(last()).toContain("as admin");
  });

  it("runs as a bin without pnpm's ELIFECYCLE noise, keeping its exit code", async () => {
    const result = await exec("pnpm", ["jams", "user", "invite", "--role", "owner"], { cwd: REPO_ROOT }).catch((error: unknown) => error as { code: number; stdout: string; stderr: string });
    expect("code" in result ? result.code : 0).toBe(2);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain("--role");
    expect(output).not.toContain("ELIFECYCLE");
    expect(output).not.toContain("ERR_PNPM");
  }, 60_000);
});
