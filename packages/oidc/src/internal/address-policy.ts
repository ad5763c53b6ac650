/**
 * Which resolved IP addresses an outbound request may connect to in production. This is an
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
