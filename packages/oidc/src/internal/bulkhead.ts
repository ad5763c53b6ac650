/**
 * Bulkheads: each SSO connection (issuer + client ID) gets its own small budget of outbound
 * requests in flight, plus a short queue. Many tenants share one IdP host (every Entra ID or
 * Google Workspace tenant does), so without this one tenant whose token endpoint is slow fills
 * the host's socket pool and every other tenant's sign-ins wait behind it and time out.
 *
 * Queue time is not IdP time: a request's own timeout only starts once it has its slot. When a
 * connection's budget is used up (queue full, or queued too long) the request fails at once
 * with OutboundError("busy"), which callers report as `sso_idp_unreachable`: that IdP is not
 * answering fast enough, and piling more requests onto it would not help.
 */
import { OutboundError } from "./outbound-error";

export interface BulkheadOptions {
  /** Requests in flight per connection. */
  maxInFlight: number;
  /** Requests waiting for a slot per connection; more fail at once. */
  maxQueued: number;
  /** Longest wait for a slot before failing. */
  maxQueueMs: number;
}

export const DEFAULT_BULKHEAD_OPTIONS: BulkheadOptions = { maxInFlight: 8, maxQueued: 16, maxQueueMs: 5_000 };

interface Waiter {
  admit: () => void;
}

interface Lane {
  inFlight: number;
  queue: Waiter[];
}

export interface Bulkheads {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Requests in flight and queued for `key` (diagnostics and tests). */
  load(key: string): { inFlight: number; queued: number };
}

export function createBulkheads(options: BulkheadOptions = DEFAULT_BULKHEAD_OPTIONS): Bulkheads {
  // Only connections with requests in flight have a lane, so the map stays small.
  const lanes = new Map<string, Lane>();

  function release(key: string, lane: Lane): void {
    const next = lane.queue.shift();
    // The slot passes straight to the next waiter: inFlight stays the same.
    if (next) next.admit();
    else if (--lane.inFlight === 0) lanes.delete(key);
  }

  function acquire(key: string): Promise<Lane> {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, queue: [] };
      lanes.set(key, lane);
    }
    const current = lane;
    if (current.inFlight < options.maxInFlight) {
      current.inFlight++;
      return Promise.resolve(current);
    }
    if (current.queue.length >= options.maxQueued) {
      return Promise.reject(new OutboundError("busy", `${options.maxInFlight} requests in flight and ${options.maxQueued} queued for this connection`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(current);
        },
      };
      const timer = setTimeout(() => {
        const index = current.queue.indexOf(waiter);
        if (index !== -1) current.queue.splice(index, 1);
        reject(new OutboundError("busy", `no free slot for this connection within ${options.maxQueueMs} ms`));
      }, options.maxQueueMs);
      current.queue.push(waiter);
    });
  }

  return {
    async run(key, task) {
      const lane = await acquire(key);
      try {
        return await task();
      } finally {
        release(key, lane);
      }
    },
    load(key) {
      const lane = lanes.get(key);
      return { inFlight: lane?.inFlight ?? 0, queued: lane?.queue.length ?? 0 };
    },
  };
}
