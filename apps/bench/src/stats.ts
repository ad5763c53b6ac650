import { performance } from "node:perf_hooks";

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(at(1)) };
}

export interface RunResult<R> {
  results: R[];
  failures: Map<string, number>;
  elapsedMs: number;
}

/**
 * Runs `work(i)` on `width` lanes until `maxItems` are done or `durationMs` has passed (a lane
 * never starts an item after the time is up), so every loop is bounded both ways.
 */
export async function runLanes<R>(
  options: { width: number; maxItems: number; durationMs: number },
  work: (index: number) => Promise<R>,
): Promise<RunResult<R>> {
  const results: R[] = [];
  const failures = new Map<string, number>();
  const started = performance.now();
  const stopAt = started + options.durationMs;
  let next = 0;
  const lanes = Array.from({ length: options.width }, async () => {
    while (next < options.maxItems && performance.now() < stopAt) {
      const index = next++;
      try {
        results.push(await work(index));
      } catch (error) {
        const key = error instanceof Error ? error.message.slice(0, 120) : "failed";
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  });
  await Promise.all(lanes);
  return { results, failures, elapsedMs: performance.now() - started };
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;

/** Normal approximation of the Mann-Whitney U statistic (with mid-ranks for ties). */
export function mannWhitneyZ(a: readonly number[], b: readonly number[]): number {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]?.v === all[i]?.v) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const rankSumA = all.reduce((sum, item, i) => (item.g === 0 ? sum + (ranks[i] ?? 0) : sum), 0);
  const u = rankSumA - (a.length * (a.length + 1)) / 2;
  const mean = (a.length * b.length) / 2;
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
  return (u - mean) / sd;
}
