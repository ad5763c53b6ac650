import { performance } from "node:perf_hooks";
import { CookieJar } from "@jams/dev-idp/testing";
import { authorizeAtIdp, deliverCallback, discover, LEGS, me, startSso, type Leg, type Target, type VirtualUser } from "./flows";
import { backendCpuDelta, type pgMonitor } from "./pg";
import { cpuMs } from "./processes";
import { percentiles, round1, round2, runLanes, type Percentiles } from "./stats";

export interface Meters {
  apiPid: number;
  idpPid: number;
  monitor: ReturnType<typeof pgMonitor> | null;
  /** Requests the IdP logged, by path (its --log-requests output). */
  idpCounts: Map<string, number>;
}

/** Lets the IdP's last log lines arrive and the server finish what the last response started. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));
/** What the browser requests at the IdP; everything else (discovery, token, JWKS, UserInfo) the API does. */
const BROWSER_PATHS = /\/(auth|interaction)(\/|$)/;

async function cpuWindow(meters: Meters, pid: number) {
  const api0 = cpuMs(pid) ?? 0;
  const idp0 = cpuMs(meters.idpPid) ?? 0;
  const driver0 = process.cpuUsage();
  const pg0 = meters.monitor ? await meters.monitor.snapshot() : null;
  const idpCounts0 = new Map(meters.idpCounts);
  return async (count: number) => {
    await settle();
    const per = (ms: number) => (count > 0 ? round2(ms / count) : null);
    const pg1 = meters.monitor ? await meters.monitor.snapshot() : null;
    const driver = process.cpuUsage(driver0);
    const idpRequests: Record<string, number | null> = {};
    let idpTotal = 0;
    let idpBrowser = 0;
    for (const [path, n] of meters.idpCounts) {
      const delta = n - (idpCounts0.get(path) ?? 0);
      if (delta > 0) idpRequests[path] = per(delta);
      idpTotal += delta;
      if (BROWSER_PATHS.test(path)) idpBrowser += delta;
    }
    return {
      serverCpuMsPerItem: per((cpuMs(pid) ?? 0) - api0),
      postgresCpuMsPerItem: pg0 && pg1 ? per(backendCpuDelta(pg0.cpu, pg1.cpu)) : null,
      idpCpuMsPerItem: per((cpuMs(meters.idpPid) ?? 0) - idp0),
      driverCpuMsPerItem: per((driver.user + driver.system) / 1000),
      idpRequestsPerItem: per(idpTotal),
      idpServerRequestsPerItem: per(idpTotal - idpBrowser),
      idpRequestsByPath: idpRequests,
    };
  };
}

function failuresOf(map: Map<string, number>) {
  return Object.fromEntries(map);
}

/** What every phase reports first: how many items finished, failed, and how fast. */
function throughput(name: string, width: number, run: { results: readonly unknown[]; failures: Map<string, number>; elapsedMs: number }) {
  return {
    name,
    concurrency: width,
    completed: run.results.length,
    failures: failuresOf(run.failures),
    perSecond: round1(run.results.length / (run.elapsedMs / 1000)),
  };
}

/** Whole sign-ins on `width` lanes for `durationMs`; users taken round-robin. */
export async function measurePhase(
  name: string,
  meters: Meters,
  options: { width: number; durationMs: number; maxItems: number },
  users: readonly VirtualUser[],
  work: (user: VirtualUser) => Promise<Record<Leg, number>>,
) {
  const finish = await cpuWindow(meters, meters.apiPid);
  const run = await runLanes(options, (i) => work(users[i % users.length] as VirtualUser));
  const cpu = await finish(run.results.length);
  const legs = Object.fromEntries(LEGS.map((leg) => [leg, percentiles(run.results.map((times) => times[leg]))])) as Record<Leg, Percentiles>;
  const whole = percentiles(run.results.map((times) => LEGS.reduce((sum, leg) => sum + times[leg], 0)));
  const result = {
    ...throughput(name, options.width, run),
    wholeMs: whole,
    legMs: legs,
    apiCpuMsPerSignIn: cpu.serverCpuMsPerItem,
    postgresCpuMsPerSignIn: cpu.postgresCpuMsPerItem,
    idpCpuMsPerSignIn: cpu.idpCpuMsPerItem,
    driverCpuMsPerSignIn: cpu.driverCpuMsPerItem,
    idpRequestsPerSignIn: cpu.idpRequestsPerItem,
    idpServerRequestsPerSignIn: cpu.idpServerRequestsPerItem,
    idpRequestsByPath: cpu.idpRequestsByPath,
  };
  console.log(`  ${name}: ${result.completed} sign-ins, ${result.perSecond}/s, p50 ${whole.p50} ms, failures ${run.failures.size}`);
  return result;
}

export type RequestKind = "discover" | "me" | "bare" | "select";

async function oneRequest(kind: RequestKind, target: Target, user: VirtualUser): Promise<void> {
  if (kind === "discover") {
    await discover(target, user, new CookieJar());
  } else if (kind === "me") {
    await me(target, user, user.apiJar);
  } else {
    const path = kind === "bare" ? "/ping" : `/user?email=${encodeURIComponent(user.email)}`;
    const response = await fetch(`${target.apiUrl}${path}`);
    if (!response.ok) throw new Error(`${kind}: HTTP ${response.status}`);
    await response.arrayBuffer();
  }
}

/** One kind of request on `width` lanes; CPU of the serving process `pid`. */
export async function measureRequests(
  name: string,
  meters: Meters,
  pid: number,
  options: { width: number; durationMs: number; maxItems: number },
  users: readonly VirtualUser[],
  kind: RequestKind,
  target: Target,
) {
  const finish = await cpuWindow(meters, pid);
  const run = await runLanes(options, async (i) => {
    const t0 = performance.now();
    await oneRequest(kind, target, users[i % users.length] as VirtualUser);
    return performance.now() - t0;
  });
  const cpu = await finish(run.results.length);
  const result = {
    ...throughput(name, options.width, run),
    latencyMs: percentiles(run.results),
    serverCpuMsPerRequest: cpu.serverCpuMsPerItem,
    postgresCpuMsPerRequest: cpu.postgresCpuMsPerItem,
  };
  console.log(`  ${name}: ${result.completed} requests, ${result.perSecond}/s, p50 ${result.latencyMs.p50} ms, failures ${run.failures.size}`);
  return result;
}

type Counts = { statements: number; roundTrips: number; commits: number };

/**
 * Statements, round trips and commits per leg, counted on the wire (see startCountingRelay):
 * each leg runs for every user, one at a time, before the next leg starts.
 */
export async function measureLegs(target: Target, users: readonly VirtualUser[], counts: Counts, idpCounts: Map<string, number>) {
  const sessions = users.map(() => ({ jar: new CookieJar(), connectionId: "", authorizationUrl: "", callbackUrl: null as URL | null }));
  const steps: Record<Leg, (user: VirtualUser, s: (typeof sessions)[number]) => Promise<void>> = {
    discover: async (user, s) => {
      s.connectionId = await discover(target, user, s.jar);
    },
    startSso: async (user, s) => {
      s.authorizationUrl = await startSso(target, user, s.jar, s.connectionId);
    },
    idp: async (user, s) => {
      s.callbackUrl = await authorizeAtIdp(target, user, s.authorizationUrl);
    },
    callback: async (user, s) => {
      if (s.callbackUrl) await deliverCallback(target, user, s.jar, s.callbackUrl);
    },
    me: async (user, s) => {
      await me(target, user, s.jar);
    },
  };
  const perLeg: Record<string, { statements: number; roundTrips: number; commits: number; idpRequests: Record<string, number> }> = {};
  for (const leg of LEGS) {
    await settle();
    const before = { ...counts };
    const idpBefore = new Map(idpCounts);
    for (const [i, user] of users.entries()) await steps[leg](user, sessions[i] as (typeof sessions)[number]);
    await settle();
    const n = users.length;
    const idpRequests: Record<string, number> = {};
    for (const [path, value] of idpCounts) {
      const delta = value - (idpBefore.get(path) ?? 0);
      if (delta > 0) idpRequests[path] = round2(delta / n);
    }
    perLeg[leg] = {
      statements: round2((counts.statements - before.statements) / n),
      roundTrips: round2((counts.roundTrips - before.roundTrips) / n),
      commits: round2((counts.commits - before.commits) / n),
      idpRequests,
    };
  }
  console.log(`  per-leg accounting over ${users.length} sign-ins done`);
  return { signIns: users.length, method: "counted on the wire (TCP relay; pg_stat_statements is not preloaded)", perLeg };
}
