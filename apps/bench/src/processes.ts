import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Child processes the bench starts, so every exit path (normal end, error, Ctrl-C, the total
 * deadline) stops exactly those and nothing else.
 */
const children = new Set<ChildProcess>();

export interface Spawned {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Every stdout/stderr line so far (kept short: only the last 200 for error messages). */
  tail: string[];
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

export function spawnTracked(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Spawned {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const tail: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 200) tail.shift();
        for (const listener of listeners) listener(line);
      }
    });
  }
  return {
    name,
    child,
    pid: child.pid,
    tail,
    onLine: (listener) => listeners.push(listener),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** Waits for a line matching `pattern`; fails with the process's output if it exits or times out. */
export function waitForLine(proc: Spawned, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${proc.name}: no ${String(pattern)} within ${timeoutMs} ms\n${proc.tail.join("\n")}`)), timeoutMs);
    for (const line of proc.tail) {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
        return;
      }
    }
    proc.onLine((line) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    });
    proc.child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited with ${String(code)}\n${proc.tail.join("\n")}`));
    });
  });
}

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU of one process in ms (from /proc/<pid>/stat), or null when it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name (which may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident set size in MB (VmRSS from /proc/<pid>/status), or null when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped. */
export function rssSampler(pid: number, everyMs = 100) {
  const samples: number[] = [];
  const take = () => {
    const value = rssMb(pid);
    if (value !== null) samples.push(value);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    now: () => rssMb(pid),
    peak: () => Math.max(...samples),
    stop: () => clearInterval(timer),
  };
}
