/** Looks up TXT records; infra/dns-txt-resolver.ts asks DNS, tests point it at their own server. */
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
