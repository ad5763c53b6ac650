/**
 * A PostgreSQL cluster of the test's own (never the shared server on 5432), so a fault test can
 * stop, restart and freeze it. Runs as the `postgres` OS user (initdb refuses root) on a free
 * port with its data under /tmp.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@jams/dev-idp/free-port";

const run = promisify(execFile);

function asPostgres(command: string, args: string[]) {
  return run("runuser", ["-u", "postgres", "--", command, ...args], { timeout: 60_000 });
}

/**
 * Whether this machine can run a cluster of its own: PostgreSQL's server binaries on PATH and a
 * `postgres` OS user to run them as. Without them (a newcomer's laptop) the fault suites that need
 * one are reported as skipped instead of failing.
 */
export function canRunOwnCluster(): boolean {
  const probe = spawnSync("runuser", ["-u", "postgres", "--", "initdb", "--version"], { stdio: "ignore" });
  return probe.status === 0 && spawnSync("pg_ctl", ["--version"], { stdio: "ignore" }).status === 0;
}

export interface PgCluster {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(mode: "fast" | "immediate"): Promise<void>;
  restart(mode: "fast" | "immediate"): Promise<void>;
  /** SIGSTOP / SIGCONT every process of the cluster: connections stay open, nothing answers. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPgCluster(): Promise<PgCluster> {
  const root = mkdtempSync(join(tmpdir(), "jams-pg-"));
  chmodSync(root, 0o777);
  const dataDir = join(root, "data");
  const logFile = join(root, "log");
  const port = await freePort();
  await asPostgres("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const pgCtl = (args: string[]) => asPostgres("pg_ctl", ["-D", dataDir, "-l", logFile, ...args]);
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c max_connections=60`;
  const start = async () => {
    await pgCtl(["-o", options, "-w", "start"]);
  };
  const pids = async () => {
    const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const { stdout } = await run("pgrep", ["-P", String(postmaster)]).catch(() => ({ stdout: "" }));
    return [postmaster, ...stdout.split("\n").filter(Boolean).map(Number)];
  };
  const signal = async (name: "SIGSTOP" | "SIGCONT") => {
    for (const pid of await pids()) {
      try {
        process.kill(pid, name);
      } catch {
        // Exited meanwhile.
      }
    }
  };
  await start();
  await run("runuser", ["-u", "postgres", "--", "psql", "-h", "127.0.0.1", "-p", String(port), "-c", "create database app"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/app`,
    port,
    start,
    async stop(mode) {
      await pgCtl(["-m", mode, "-w", "stop"]);
    },
    async restart(mode) {
      await pgCtl(["-m", mode, "-o", options, "-w", "restart"]);
    },
    freeze: () => signal("SIGSTOP"),
    thaw: () => signal("SIGCONT"),
    async destroy() {
      await signal("SIGCONT").catch(() => undefined);
      await pgCtl(["-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
