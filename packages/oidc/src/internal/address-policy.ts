/**
 * Which resolved IP addresses an outbound request may connect to, in every mode: only the
 * operator's listed exemptions may reach anything else. This is an
 * allow-list ("ordinary public unicast only") rather than a block-list, so new special ranges
 * (NAT64, 6to4, Teredo, benchmarking, …) that can tunnel to internal hosts are refused by default.
 */
import ipaddr from "ipaddr.js";

// Explicitly named so readers see the cloud metadata endpoints are covered: 169.254.169.254 is
// link-local and fd00:ec2::254 is unique-local, both outside "unicast".
export const METADATA_ADDRESSES = ["169.254.169.254", "fd00:ec2::254"] as const;

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 must be judged as 10.0.0.1.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if ((METADATA_ADDRESSES as readonly string[]).includes(parsed.toNormalizedString())) return false;
  return parsed.range() === "unicast";
}

/** Hostname without IPv6 brackets, lower-cased (URL.hostname keeps the brackets). */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/**
 * Operator exemptions (SSO_INSECURE_ISSUER_HOSTS): `host` exempts every port of that host,
 * `host:port` only that port. IPv6 literals are written in brackets when a port is given.
 */
export interface Exemptions {
  hosts: ReadonlySet<string>;
  hostPorts: ReadonlySet<string>;
}

export function parseExemptions(entries: readonly string[]): Exemptions {
  const hosts = new Set<string>();
  const hostPorts = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    const withPort = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry);
    if (withPort?.[1] && withPort[2]) hostPorts.add(`${withPort[1].replace(/^\[(.*)\]$/, "$1")}:${Number(withPort[2])}`);
    else hosts.add(entry.replace(/^\[(.*)\]$/, "$1"));
  }
  return { hosts, hostPorts };
}

function effectivePort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "http:" ? 80 : 443;
}

export function isExempt(exemptions: Exemptions, url: URL): boolean {
  const host = bareHostname(url);
  return exemptions.hosts.has(host) || exemptions.hostPorts.has(`${host}:${effectivePort(url)}`);
}
