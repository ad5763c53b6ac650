/** A small closed-loop load generator that classifies every answer, for the fault tests. */
export interface LoadStats {
  ok: number;
  unavailable: number;
  other: Map<string, number>;
  /** Longest time any single request took, in ms. */
  slowestMs: number;
  /** Time of the last answer that was not ok (performance.now()). */
  lastFailureAt: number;
  /** Every request: when it started and ended (performance.now()) and how it was classified. */
  records: { start: number; end: number; verdict: string }[];
}

export interface Load {
  stats: LoadStats;
  stop(): Promise<void>;
}

/** "ok", "unavailable", or a description of anything else. */
type Classify = (status: number, body: string) => string;

/**
 * When the first request that STARTED after `since` was answered ok (performance.now()), or null.
 * Recovery must be judged by requests sent after the fault ended: under load a restart takes a
 * moment to bite, and requests answered ok before it did say nothing about coming back.
 */
export function firstOkStartedAfter(stats: LoadStats, since: number): number | null {
  let first: number | null = null;
  for (const record of stats.records) {
    if (record.verdict === "ok" && record.start > since && (first === null || record.end < first)) first = record.end;
  }
  return first;
}

export function startLoad(options: { concurrency: number; request: () => Promise<Response>; classify: Classify }): Load {
  const stats: LoadStats = { ok: 0, unavailable: 0, other: new Map(), slowestMs: 0, lastFailureAt: 0, records: [] };
  let running = true;
  const worker = async () => {
    while (running) {
      const started = performance.now();
      let verdict: string;
      try {
        const response = await options.request();
        verdict = options.classify(response.status, await response.text());
      } catch (error) {
        verdict = `fetch failed: ${(error as { cause?: { code?: string } }).cause?.code ?? String(error)}`;
      }
      const now = performance.now();
      stats.records.push({ start: started, end: now, verdict });
      stats.slowestMs = Math.max(stats.slowestMs, now - started);
      if (verdict === "ok") {
        stats.ok++;
      } else {
        if (verdict === "unavailable") stats.unavailable++;
        else stats.other.set(verdict, (stats.other.get(verdict) ?? 0) + 1);
        stats.lastFailureAt = now;
        // Do not spin on instant failures (a refused connection) faster than a client would.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    stats,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** auth.discover over HTTP: the first step of every sign-in (two reads and a rate-limit write). */
export function discoverRequest(apiUrl: string, origin: string): () => Promise<Response> {
  let n = 0;
  return () =>
    fetch(`${apiUrl}/trpc/auth.discover`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: `load-${n++}@example.com` }),
      signal: AbortSignal.timeout(30_000),
    });
}

export function classifyTrpc(status: number, body: string): string {
  // 429: the per-IP limit of discover; the answer still came from a working database.
  if (status === 200 || status === 429) return "ok";
  const appCode = /"appCode":"([a-z_]+)"/.exec(body)?.[1] ?? "none";
  if (status === 503 && appCode === "service_unavailable") return "unavailable";
  return `${status} ${appCode}`;
}
