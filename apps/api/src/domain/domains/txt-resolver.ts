import { Resolver } from "node:dns/promises";

/** Looks up TXT records; behind an interface so the check can run against any DNS server. */
export interface TxtResolver {
  /** Each record's character-strings joined; [] when the name has no TXT records. */
  resolveTxt(name: string): Promise<string[]>;
}

/** The lookup could not be completed (timeout, SERVFAIL, refused): not the same as "no record". */
export class DnsLookupError extends Error {
  constructor(readonly dnsCode: string) {
    super(`dns lookup failed: ${dnsCode}`);
    this.name = "DnsLookupError";
  }
}

const NO_RECORD = new Set(["ENODATA", "ENOTFOUND"]);

/**
 * node:dns/promises with a bounded wait: one try with `timeoutMs`, plus a hard cancel in case
 * the resolver's own timer is late. A Resolver per lookup, so cancel() stops only this one.
 */
export function createDnsTxtResolver(options: { servers: readonly string[]; timeoutMs: number }): TxtResolver {
  return {
    async resolveTxt(name) {
      const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
      if (options.servers.length > 0) resolver.setServers([...options.servers]);
      const timer = setTimeout(() => resolver.cancel(), options.timeoutMs + 250);
      try {
        const records = await resolver.resolveTxt(name);
        return records.map((chunks) => chunks.join(""));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string" && NO_RECORD.has(code)) return [];
        throw new DnsLookupError(typeof code === "string" ? code : "EUNKNOWN");
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
