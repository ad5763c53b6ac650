import { CookieJar } from "@jams/dev-idp/testing";

/** A minimal browser for the API: a cookie jar, manual redirects, and tRPC's HTTP wire format. */
export interface TrpcResult<T = unknown> {
  status: number;
  data?: T;
  appCode?: string;
  error?: { message: string; data?: Record<string, unknown> };
}

export class TestBrowser {
  readonly #jar = new CookieJar();
  /** Live view of the jar, so tests can plant, copy or inspect cookies. */
  readonly cookies = this.#jar.cookies;

  constructor(
    readonly apiUrl: string,
    readonly origin: string,
  ) {}

  cookieHeader(): string {
    return this.#jar.header();
  }

  async fetch(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${this.apiUrl}${pathOrUrl}`;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.#jar.store(res);
    return res;
  }

  private async parse<T>(res: Response): Promise<TrpcResult<T>> {
    const body = (await res.json()) as { result?: { data: T }; error?: { message: string; data?: Record<string, unknown> } };
    if (body.result) return { status: res.status, data: body.result.data };
    const appCode = body.error?.data?.appCode;
    return { status: res.status, error: body.error, ...(typeof appCode === "string" ? { appCode } : {}) };
  }

  async mutation<T = unknown>(path: string, input?: unknown, headers: Record<string, string> = {}): Promise<TrpcResult<T>> {
    const res = await this.fetch(`/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: this.origin, ...headers },
      body: JSON.stringify(input ?? null),
    });
    return this.parse<T>(res);
  }

  async query<T = unknown>(path: string, input?: unknown): Promise<TrpcResult<T>> {
    const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return this.parse<T>(await this.fetch(`/trpc/${path}${query}`));
  }
}
