import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// test/global-setup.ts has just run `vite build`.
export const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, "utf8")) as Manifest;

/** Files the browser loads for a chunk: the chunk plus its static imports, transitively. */
export function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(dep, seen);
  return seen;
}

export function filesOf(keys: Iterable<string>): string[] {
  return [...keys].map((key) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no ${key}`);
    return chunk.file;
  });
}

export const read = (file: string) => readFileSync(`${dist}${file}`, "utf8");
