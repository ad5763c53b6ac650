import { Resolver } from "node:dns/promises";
import { DnsLookupError, type TxtResolver } from "../domain/domains/txt-resolver";

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
