import net from "node:net";
import postgres from "postgres";
import { cpuMs } from "./processes";

/**
 * Reads the server's view of the bench database from a separate monitoring connection (to the
 * `postgres` database, so its own backend is never counted): the backends serving the bench
 * database (for their CPU in /proc) and committed transactions.
 */
export function pgMonitor(serverUrl: string, databaseName: string) {
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined, connect_timeout: 10 });
  return {
    async snapshot(): Promise<{ commits: number; rollbacks: number; cpu: Map<number, number> }> {
      const backends = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${databaseName}`;
      const [stats] = await sql<{ commits: string; rollbacks: string }[]>`
        select xact_commit::text as commits, xact_rollback::text as rollbacks from pg_stat_database where datname = ${databaseName}`;
      const cpu = new Map<number, number>();
      for (const { pid } of backends) {
        const value = cpuMs(pid);
        if (value !== null) cpu.set(pid, value);
      }
      return { commits: Number(stats?.commits ?? 0), rollbacks: Number(stats?.rollbacks ?? 0), cpu };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/** CPU the bench database's backends used between two snapshots (new backends count in full). */
export function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, value] of after) total += value - (before.get(pid) ?? 0);
  return total;
}

/**
 * PostgreSQL does not count statements without pg_stat_statements (which needs a server
 * restart to preload), and PostgreSQL 15 publishes a backend's pg_stat_database counters only
 * when it has been idle for a while (up to 10 s), too late to split them per leg. This TCP
 * relay counts on the wire instead: every Execute ('E') or simple Query ('Q') a client sends is
 * one statement, every Sync ('S') or simple Query one round trip, and every ReadyForQuery
 * ('Z') the server sends that ends work back in the idle state ('I') one committed
 * transaction (explicit COMMIT or an autocommitted statement; read-only ones included, as
 * pg_stat_database counts them). It relays bytes unchanged; the API instance that measures
 * statements per leg connects through it, the instances that measure speed connect directly.
 */
export async function startCountingRelay(target: { host: string; port: number }) {
  const counts = { statements: 0, roundTrips: 0, commits: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    let startup = true;
    let fromServer: Buffer = Buffer.alloc(0);
    let workSinceReady = 0;
    let lastStatus = "I";
    client.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        // The startup packet (and an SSL request) has no type byte: int32 length first.
        const headerLength = startup ? 4 : 5;
        if (pending.length < headerLength) break;
        const length = startup ? pending.readInt32BE(0) : pending.readInt32BE(1) + 1;
        if (pending.length < length) break;
        if (startup) {
          const code = pending.readInt32BE(4);
          // 80877103 = SSLRequest, 80877104 = GSSENCRequest: another startup packet follows.
          if (code !== 80877103 && code !== 80877104) startup = false;
        } else {
          const type = String.fromCharCode(pending[0] ?? 0);
          if (type === "E" || type === "Q") {
            counts.statements += 1;
            workSinceReady += 1;
          }
          if (type === "S" || type === "Q") counts.roundTrips += 1;
        }
        pending = pending.subarray(length);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      fromServer = fromServer.length === 0 ? chunk : Buffer.concat([fromServer, chunk]);
      while (fromServer.length >= 5) {
        const length = fromServer.readInt32BE(1) + 1;
        if (fromServer.length < length) break;
        if (fromServer[0] === 0x5a /* Z */) {
          const status = String.fromCharCode(fromServer[5] ?? 0);
          if (status === "I" && (lastStatus === "T" || workSinceReady > 0)) counts.commits += 1;
          lastStatus = status;
          workSinceReady = 0;
        }
        fromServer = fromServer.subarray(length);
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
