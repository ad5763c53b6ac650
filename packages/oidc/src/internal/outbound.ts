/**
 * The only way this package talks to the network. Every request (discovery, JWKS, token,
 * UserInfo) goes through here so the SSRF rules are enforced in one place:
 *  - https only, unless the host (or host:port) is listed in `exemptions` (dev/tests);
 *  - in every mode (NODE_ENV plays no part), a host that is not listed may only be connected to
 *    on public unicast addresses. The check runs in
 *    the socket's DNS `lookup` hook, i.e. on the address actually connected to, so DNS rebinding
 *    between "check" and "connect" is not possible;
 *  - redirects are never followed (a 3xx is an error);
 *  - a hard timeout covering connect + headers + body, and a cap on the body size.
 * Connections are kept alive and reused (agents.ts); any request that fails, times out, is
 * redirected or is cut off destroys its socket instead of returning it to the pool.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { bareHostname, type Exemptions, isExempt, isPublicAddress } from "./address-policy";
import type { OutboundAgents } from "./agents";
import type { Bulkheads } from "./bulkhead";
import { OutboundError } from "./outbound-error";


export interface OutboundPolicy {
  /** Listed hosts / host:ports: may use http and private addresses. Nothing else may. */
  exemptions: Exemptions;
  timeoutMs: number;
  maxResponseBytes: number;
  fetch?: typeof fetch | undefined;
}

export interface OutboundInit {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /**
   * true: hand a 3xx back (still never followed) so Check connection can read its Location.
   * Not `redirect: "manual"`: oauth4webapi sets that on every call, and those must keep failing.
   */
  returnRedirects?: boolean;
  /** Whose budget the request counts against (see bulkhead.ts); by default its URL without the query. */
  bulkhead?: string | undefined;
}

export type OutboundFetch = (url: string, init: OutboundInit) => Promise<Response>;

export function isExemptHost(policy: OutboundPolicy, url: URL): boolean {
  return isExempt(policy.exemptions, url);
}

/** Throws OutboundError("refused_insecure") unless the URL's scheme is acceptable. */
export function assertAllowedUrl(policy: OutboundPolicy, url: URL): void {
  if (url.username || url.password) throw new OutboundError("refused_insecure", "credentials in URL");
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isExemptHost(policy, url)) return;
  throw new OutboundError("refused_insecure", `${url.protocol} not allowed for ${url.host}`);
}

function mustCheckAddresses(policy: OutboundPolicy, url: URL): boolean {
  return !isExemptHost(policy, url);
}

async function resolveChecked(hostname: string): Promise<dns.LookupAddress[]> {
  const addresses = net.isIP(hostname) ? [{ address: hostname, family: net.isIP(hostname) }] : await dns.promises.lookup(hostname, { all: true, verbatim: true });
  // Refuse if ANY address is internal: otherwise the OS/happy-eyeballs could pick that one.
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
    throw new OutboundError("refused_address", `${hostname} resolves to a non-public address`);
  }
  return addresses;
}

// Lookup hook for node:http: validates what the socket will actually connect to.
export const checkedLookup: net.LookupFunction = (hostname, options, callback) => {
  resolveChecked(hostname).then(
    (addresses) => {
      const family = typeof options.family === "number" ? options.family : 0;
      const usable = family ? addresses.filter((a) => a.family === family) : addresses;
      if (options.all) {
        (callback as unknown as (err: null, addresses: dns.LookupAddress[]) => void)(null, usable);
        return;
      }
      const first = usable[0];
      if (!first) callback(new OutboundError("refused_address", `${hostname} has no usable address`), "", 0);
      else callback(null, first.address, first.family);
    },
    (err: unknown) => callback(err as NodeJS.ErrnoException, "", 0),
  );
};

function serialiseBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new OutboundError("network", "unsupported request body type");
}

const NULL_BODY_STATUS = new Set([204, 205, 304]);

// A pooled socket can be closed by the server just as we write to it (its idle timeout raced
// ours). The server did not process a request it never read, so that one case is retried once on
// a fresh socket, for any method: even if a broken server had read the token request and then
// reset, replaying an authorization code only gets invalid_grant, never a second identity.
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE"]);

class StaleSocketError extends Error {
  constructor(readonly original: unknown) {
    super("reused connection closed before a response");
  }
}

function sendOnce(policy: OutboundPolicy, agent: http.Agent, url: URL, init: OutboundInit, body: string | undefined, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method: init.method, headers, signal, agent });
    let responded = false;
    // Every failure destroys the request and with it the socket: only a socket whose response
    // was read to the end goes back to the pool (a half-read body would corrupt the next one).
    const fail = (err: Error) => {
      req.destroy();
      reject(err);
    };
    req.on("error", (err: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && !responded && typeof err.code === "string" && STALE_SOCKET_CODES.has(err.code);
      reject(stale ? new StaleSocketError(err) : err);
    });
    // Covers a peer that stalls mid-body: the response stream may just stop without an event.
    const onAbort = () => fail(new OutboundError("timeout", `aborted: ${url.host}`));
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => signal.removeEventListener("abort", onAbort));
    req.on("response", (res) => {
      responded = true;
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && init.returnRedirects !== true) {
        fail(new OutboundError("redirect", `HTTP ${status} from ${url.host} not followed`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxResponseBytes) {
          fail(new OutboundError("too_large", `response from ${url.host} exceeds ${policy.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("close", () => {
        if (!res.complete) fail(new OutboundError("network", `connection to ${url.host} closed early`));
      });
      res.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
        }
        const payload = NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks);
        try {
          resolve(new Response(payload, { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
        } catch (err) {
          reject(new OutboundError("network", `invalid HTTP response (${String(err)})`));
        }
      });
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function nodeRequest(policy: OutboundPolicy, agents: OutboundAgents, url: URL, init: OutboundInit, signal: AbortSignal): Promise<Response> {
  const body = serialiseBody(init.body);
  // Checked and unchecked sockets never share a pool (see agents.ts).
  const agent = agents.agentFor(url.protocol, mustCheckAddresses(policy, url));
  try {
    return await sendOnce(policy, agent, url, init, body, signal);
  } catch (err) {
    if (!(err instanceof StaleSocketError)) throw err;
    if (signal.aborted) throw err.original;
    try {
      return await sendOnce(policy, agent, url, init, body, signal);
    } catch (retryErr) {
      throw retryErr instanceof StaleSocketError ? retryErr.original : retryErr;
    }
  }
}

// Test-only path (OidcRuntimeOptions.fetch): addresses are pre-checked, which is weaker than the
// lookup hook (TOCTOU) but keeps the same observable rules.
async function injectedFetch(policy: OutboundPolicy, fetchImpl: typeof fetch, url: URL, init: OutboundInit, signal: AbortSignal): Promise<Response> {
  if (mustCheckAddresses(policy, url)) await resolveChecked(bareHostname(url));
  const res = await fetchImpl(url.href, { method: init.method, headers: init.headers, body: serialiseBody(init.body) ?? null, redirect: "manual", signal });
  if (res.status >= 300 && res.status < 400 && init.returnRedirects !== true) throw new OutboundError("redirect", `HTTP ${res.status} not followed`);
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (!reader) break;
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > policy.maxResponseBytes) {
      await reader.cancel();
      throw new OutboundError("too_large", `response exceeds ${policy.maxResponseBytes} bytes`);
    }
    chunks.push(value);
  }
  return new Response(NULL_BODY_STATUS.has(res.status) ? null : Buffer.concat(chunks), { status: res.status, headers: res.headers });
}

/** `agents` must outlive the returned function; the relying party owns and closes them. */
export function createOutboundFetch(policy: OutboundPolicy, agents: OutboundAgents, bulkheads?: Bulkheads): OutboundFetch {
  const send = async (url: URL, init: OutboundInit): Promise<Response> => {
    // Started only once the bulkhead admitted the request: queueing is not the IdP's slowness.
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      // IP literals never reach the lookup hook, so they are checked here.
      if (mustCheckAddresses(policy, url) && net.isIP(bareHostname(url))) await resolveChecked(bareHostname(url));
      return policy.fetch ? await injectedFetch(policy, policy.fetch, url, init, signal) : await nodeRequest(policy, agents, url, init, signal);
    } catch (err) {
      if (err instanceof OutboundError) throw err;
      if (timeout.aborted) throw new OutboundError("timeout", `no complete response from ${url.host} within ${policy.timeoutMs} ms`);
      // Only the error code/name: messages from the network stack never contain secrets, but
      // keeping them short keeps logs readable.
      const code = (err as { code?: unknown }).code;
      throw new OutboundError("network", `${url.host}: ${typeof code === "string" ? code : (err as Error).name}`);
    }
  };
  return async (rawUrl, init) => {
    const url = new URL(rawUrl);
    assertAllowedUrl(policy, url);
    if (!bulkheads) return send(url, init);
    return bulkheads.run(init.bulkhead ?? `${url.origin}${url.pathname}`, () => send(url, init));
  };
}
