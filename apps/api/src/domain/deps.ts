import type { Database } from "@jams/db/client";
import type { SecretBox } from "@jams/db/secrets";
import type { Logger } from "pino";
import type { AppConfig } from "../config";
import type { TxtResolver } from "./domains/txt-resolver";
import type { RelyingParty } from "@jams/oidc/relying-party";

/** Outgoing mail (invitations); infra/smtp-mailer.ts sends it over SMTP, tests capture it. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** Everything a domain function may use; built once at start and shared by all requests. */
export interface AppDeps {
  config: AppConfig;
  db: Database;
  secrets: SecretBox;
  rp: RelyingParty;
  mailer: Mailer | null;
  /** The same pino instance Fastify logs with (secrets redacted there). */
  logger: Logger;
  /** TXT lookups for domain verification. */
  dns: TxtResolver;
  /** Server-side keys derived from SECRET_ENCRYPTION_KEY at start. */
  keys: { ssoBinding: Buffer };
  /** Injectable so tests can move time; defaults to the wall clock. */
  now: () => Date;
}
