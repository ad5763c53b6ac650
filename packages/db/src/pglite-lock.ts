/**
 * One process per embedded database folder. PGlite is a single-user PostgreSQL: two processes
 * opening the same folder each keep their own buffers and WAL position and overwrite each
 * other's pages, silently losing rows and corrupting indexes. A lock beside the folder makes the
 * second process refuse to start.
 *
 * proper-lockfile (mkdir is atomic on every file system, the lock's mtime is refreshed while
 * held) rather than a pid file: a crashed holder's lock goes stale by itself, without trusting
 * pids that the OS may have reused.
 */
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  readonly code = "data_dir_locked";
  constructor(readonly dataDir: string) {
    super(
      `The embedded database ${dataDir} is already open in another process (a running API, demo or CLI command). ` +
        "Only one process may use it at a time: stop the other process first, or point this one at another PGLITE_DATA_DIR. " +
        `If the other process crashed, its lock (${dataDir}.lock) expires ${STALE_MS / 1000} s after it stopped.`,
    );
  }
}

// A lock not refreshed for this long belongs to a dead process. Generous, so a busy event loop
// (a long migration) never makes a live holder look dead.
const STALE_MS = 30_000;

/** Takes the folder's lock or throws DataDirLockedError. The returned function releases it. */
export function lockDataDir(dataDir: string): () => void {
  try {
    return lockfile.lockSync(dataDir, { stale: STALE_MS, realpath: false, lockfilePath: `${dataDir}.lock` });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ELOCKED") throw new DataDirLockedError(dataDir);
    throw error;
  }
}
