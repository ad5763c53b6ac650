/**
 * Per-issuer JWKS cache with a refetch-on-unknown-kid rule. We own JWKS fetching (instead of
 * oauth4webapi's internal cache, which refetches on a fixed 60 s rule) so the TTL and the
 * rotation cool-down are configurable and every fetch goes through the SSRF-checked transport.
 */
import type { JWKS } from "oauth4webapi";
import { SsoError } from "../errors";
import { TtlLruCache } from "./cache";
import type { OutboundFetch } from "./outbound";
import { OutboundError } from "./outbound-error";

interface Entry {
  jwks: JWKS;
  fetchedAt: number;
}

export interface JwksStoreOptions {
  ttlMs: number;
  cooldownMs: number;
  maxEntries: number;
}

export class JwksStore {
  readonly #cache: TtlLruCache<Entry>;
  readonly #inflight = new Map<string, Promise<Entry>>();

  constructor(
    private readonly outbound: OutboundFetch,
    private readonly options: JwksStoreOptions,
  ) {
    this.#cache = new TtlLruCache(options.maxEntries);
  }

  /** JWKS that should contain `kid`; refetches once (subject to the cool-down) if it does not. */
  async keysFor(jwksUri: string, kid: string | undefined): Promise<JWKS> {
    let entry = this.#cache.get(jwksUri) ?? (await this.#fetch(jwksUri));
    const known = kid === undefined || entry.jwks.keys.some((k) => k.kid === kid);
    if (!known && Date.now() - entry.fetchedAt >= this.options.cooldownMs) {
      // Likely a key rotation at the IdP.
      entry = await this.#fetch(jwksUri);
    }
    return entry.jwks;
  }

  #fetch(jwksUri: string): Promise<Entry> {
    // Concurrent sign-ins share one request instead of stampeding the IdP.
    const pending = this.#inflight.get(jwksUri);
    if (pending) return pending;
    const promise = this.#download(jwksUri).finally(() => this.#inflight.delete(jwksUri));
    this.#inflight.set(jwksUri, promise);
    return promise;
  }

  async #download(jwksUri: string): Promise<Entry> {
    let response: Response;
    try {
      response = await this.outbound(jwksUri, { method: "GET", headers: { accept: "application/json, application/jwk-set+json" } });
    } catch (err) {
      throw new SsoError(err instanceof OutboundError && err.kind === "redirect" ? "sso_idp_response_invalid" : "sso_idp_unreachable", {
        cause: err,
      });
    }
    let body: unknown;
    try {
      body = response.status === 200 ? await response.json() : undefined;
    } catch {
      body = undefined;
    }
    const keys: unknown = (body as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys) || !keys.every((k: unknown) => k !== null && typeof k === "object" && !Array.isArray(k))) {
      throw new SsoError("sso_idp_response_invalid", { cause: new Error(`JWKS response HTTP ${response.status} is not a key set`) });
    }
    const entry: Entry = { jwks: { keys: keys as JWKS["keys"] }, fetchedAt: Date.now() };
    this.#cache.set(jwksUri, entry, this.options.ttlMs);
    return entry;
  }
}
