/**
 * `pnpm --filter @jams/bench profile-summary <file.cpuprofile>…`: where a V8 CPU profile (from
 * `BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" pnpm bench`) spent its time, as self time
 * by package (node_modules/<name>, the app's own code, node internals, GC, idle) and the top
 * functions. Prints text; asserts nothing.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function bucketOf(url: string, functionName: string): string {
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)") return functionName;
  if (!url) return "(native)";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/apps/api/dist/")) return "@jams/api (own code)";
  return url.replace(/^file:\/\//, "").split("/").slice(-2).join("/");
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: profile-summary <file.cpuprofile>…");
  process.exit(2);
}
const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const bucket = bucketOf(url, functionName);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + micros);
    const name = `${functionName || "(anonymous)"} ${url.startsWith("node:") ? url : bucket}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    total += micros;
  });
}
const busy = total - (byBucket.get("(idle)") ?? 0);
const rows = (map: Map<string, number>, limit: number) =>
  [...map]
    .filter(([name]) => !name.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
console.log(`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled\n\nself time by package:`);
console.log(rows(byBucket, 25).join("\n"));
console.log("\ntop functions (self time):");
console.log(rows(byFunction, 30).join("\n"));
