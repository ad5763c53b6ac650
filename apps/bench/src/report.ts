import type { measureLegs, measurePhase, measureRequests } from "./phases";
import type { Percentiles } from "./stats";

type Phase = Awaited<ReturnType<typeof measurePhase>>;
type Requests = Awaited<ReturnType<typeof measureRequests>>;

export interface Report {
  machine: { cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; node: string };
  settings: { users: number; phaseSeconds: number; database: string; apiLogLevel: string };
  legs: Awaited<ReturnType<typeof measureLegs>> | null;
  signIn1: Phase;
  signIn16: Phase;
  discover32: Requests;
  me32: Requests;
  apiRssMb: { start: number | null; peak: number; end: number | null };
  baselines: { bare32: Requests; select32: Requests | null };
  durationSeconds: number;
}

const f = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits));
const pct = (p: Percentiles) => `${f(p.p50)} / ${f(p.p95)} / ${f(p.p99)}`;
const ratio = (a: number, b: number | undefined) => (b ? `${((100 * a) / b).toFixed(0)}%` : "—");

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join("  ")).join("\n");
}

export function printReport(report: Report): void {
  const { signIn1, signIn16, discover32, me32, baselines, legs } = report;
  const select = baselines.select32?.perSecond;
  console.log(`\n== pnpm bench (${report.settings.database}, ${report.settings.users} users, ${report.settings.phaseSeconds} s phases, load ${report.machine.loadAverageAtStart.join(" ")} → ${report.machine.loadAverageAtEnd.join(" ")}, ${report.durationSeconds} s) ==\n`);
  console.log(
    table([
      ["sign-in (whole SPA path)", "concurrency 1", "concurrency 16"],
      ["sign-ins/s", f(signIn1.perSecond), f(signIn16.perSecond)],
      ["completed / failed", `${signIn1.completed} / ${Object.values(signIn1.failures).reduce((a, b) => a + b, 0)}`, `${signIn16.completed} / ${Object.values(signIn16.failures).reduce((a, b) => a + b, 0)}`],
      ["whole p50/p95/p99 ms", pct(signIn1.wholeMs), pct(signIn16.wholeMs)],
      ...(["discover", "startSso", "idp", "callback", "me"] as const).map((leg) => [`  ${leg} p50/p95/p99 ms`, pct(signIn1.legMs[leg]), pct(signIn16.legMs[leg])]),
      ["API CPU ms / sign-in", f(signIn1.apiCpuMsPerSignIn, 2), f(signIn16.apiCpuMsPerSignIn, 2)],
      ["PostgreSQL CPU ms / sign-in", f(signIn1.postgresCpuMsPerSignIn, 2), f(signIn16.postgresCpuMsPerSignIn, 2)],
      ["IdP CPU ms / sign-in", f(signIn1.idpCpuMsPerSignIn, 2), f(signIn16.idpCpuMsPerSignIn, 2)],
      ["driver CPU ms / sign-in", f(signIn1.driverCpuMsPerSignIn, 2), f(signIn16.driverCpuMsPerSignIn, 2)],
      ["IdP requests / sign-in (all)", f(signIn1.idpRequestsPerSignIn, 2), f(signIn16.idpRequestsPerSignIn, 2)],
      ["  of which from the API", f(signIn1.idpServerRequestsPerSignIn, 2), f(signIn16.idpServerRequestsPerSignIn, 2)],
    ]),
  );
  console.log(`  IdP requests by path (c16): ${Object.entries(signIn16.idpRequestsByPath).map(([path, n]) => `${path} ×${f(n, 2)}`).join(", ")}`);
  console.log(`  API RSS MB: start ${f(report.apiRssMb.start)}, peak ${f(report.apiRssMb.peak)}, end ${f(report.apiRssMb.end)}`);

  if (legs) {
    console.log(`\nper leg, ${legs.method}, mean over ${legs.signIns} sign-ins:`);
    console.log(
      table([
        ["leg", "statements", "round trips", "commits", "IdP requests"],
        ...Object.entries(legs.perLeg).map(([leg, v]) => [leg, f(v.statements, 2), f(v.roundTrips, 2), f(v.commits, 2), Object.entries(v.idpRequests).map(([p, n]) => `${p} ×${f(n, 2)}`).join(", ") || "0"]),
      ]),
    );
  }

  console.log("\nsingle requests at concurrency 32 (ratio = throughput / indexed-select baseline):");
  console.log(
    table([
      ["", "req/s", "p50/p95/p99 ms", "server CPU ms/req", "PostgreSQL CPU ms/req", "vs select", "vs bare"],
      ...[discover32, me32, baselines.bare32, ...(baselines.select32 ? [baselines.select32] : [])].map((r) => [
        r.name,
        f(r.perSecond),
        pct(r.latencyMs),
        f(r.serverCpuMsPerRequest, 3),
        f(r.postgresCpuMsPerRequest, 3),
        ratio(r.perSecond, select),
        ratio(r.perSecond, baselines.bare32.perSecond),
      ]),
    ]),
  );
  const failures = [signIn1, signIn16, discover32, me32].filter((r) => Object.keys(r.failures).length > 0);
  for (const r of failures) console.log(`  failures in ${r.name}: ${JSON.stringify(r.failures)}`);
}
