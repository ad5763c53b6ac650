/**
 * In-memory state of the dev IdP: registered clients, users, and an oidc-provider adapter.
 * The adapter outlives Provider instances so sessions/codes survive a key rotation (which
 * rebuilds the Provider, because oidc-provider's keystore is fixed at construction).
 */
import type { Adapter, AdapterPayload } from "oidc-provider";

export interface DevClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
}

export interface DevUser {
  sub?: string;
  email: string;
  name: string;
  password: string;
  emailVerified?: boolean;
  /** Okta "assignment" to the application; unassigned users get error=access_denied. Default true. */
  assigned?: boolean;
  /** Sent as the `groups` claim when the client asks for the "groups" scope. */
  groups?: string[];
  /** Send no `email` / `email_verified` claim (e.g. an Entra account whose address is only in `upn`). */
  omitEmailClaim?: boolean;
  /** Extra claims released with the profile scope (upn, preferred_username). */
  claims?: Record<string, unknown>;
}

export type StoredUser = DevUser & { sub: string };

export class DevStore {
  readonly clients = new Map<string, DevClient>();
  #users: StoredUser[] = [];
  readonly #records = new Map<string, { payload: AdapterPayload; expiresAt: number | undefined }>();

  setUsers(users: DevUser[]): void {
    this.#users = users.map((u, i) => ({ ...u, sub: u.sub ?? `00u${String(i + 1).padStart(6, "0")}dev` }));
  }

  addUser(user: DevUser): StoredUser {
    const stored = { ...user, sub: user.sub ?? `00u${String(this.#users.length + 1).padStart(6, "0")}dev` };
    this.#users.push(stored);
    return stored;
  }

  userBySub(sub: string): StoredUser | undefined {
    return this.#users.find((u) => u.sub === sub);
  }

  userByEmail(email: string): StoredUser | undefined {
    const wanted = email.trim().toLowerCase();
    return this.#users.find((u) => u.email.toLowerCase() === wanted);
  }

  /** oidc-provider adapter factory; "Client" reads the mutable client registry. */
  adapterFor = (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`;
    const live = (k: string) => {
      const record = this.#records.get(k);
      if (!record) return undefined;
      if (record.expiresAt !== undefined && record.expiresAt <= Date.now()) {
        this.#records.delete(k);
        return undefined;
      }
      return record.payload;
    };
    const findWhere = (predicate: (p: AdapterPayload) => boolean) => {
      for (const [k, record] of this.#records) {
        if (k.startsWith(`${name}:`) && predicate(record.payload)) return live(k);
      }
      return undefined;
    };
    return {
      upsert: (id, payload, expiresIn) => {
        this.#records.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
        return Promise.resolve();
      },
      find: (id) => {
        if (name === "Client") {
          const c = this.clients.get(id);
          return Promise.resolve(c ? toClientMetadata(c) : undefined);
        }
        return Promise.resolve(live(key(id)));
      },
      findByUid: (uid) => Promise.resolve(findWhere((p) => p.uid === uid)),
      findByUserCode: (userCode) => Promise.resolve(findWhere((p) => p.userCode === userCode)),
      consume: (id) => {
        const record = this.#records.get(key(id));
        if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => {
        this.#records.delete(key(id));
        return Promise.resolve();
      },
      revokeByGrantId: (grantId) => {
        for (const [k, record] of this.#records) if (record.payload.grantId === grantId) this.#records.delete(k);
        return Promise.resolve();
      },
    };
  };
}

function toClientMetadata(c: DevClient): AdapterPayload {
  return {
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    grant_types: ["authorization_code"],
    response_types: ["code"],
  };
}
