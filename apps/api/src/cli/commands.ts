import { z } from "zod";
import { LOGIN_PATH } from "@jams/contract/routes";
import { rotateSecrets } from "@jams/db/secrets";
import type { Database } from "@jams/db/client";
import { createSecretBoxFromConfig } from "../app";
import type { AppConfig } from "../config";
import { createOrganizationWithAdmin, findOrganizationBySlug } from "../domain/organizations/create-organization";
import { unenforceSsoBySlug } from "../domain/sso/enforcement";
import { MIN_PASSWORD_LENGTH } from "../domain/shared/password";
import { createInvitedUser, inviteUrlFor } from "../domain/users/create-invitation";

export interface OptionSpec {
  placeholder: string;
  description: string;
  required?: boolean;
  /** Returns why the value is refused, or null. */
  check?: (value: string) => string | null;
}

export interface CommandContext {
  db: Database;
  config: AppConfig;
  values: Record<string, string | undefined>;
  out: (line: string) => void;
}

export interface CommandSpec {
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Exit code: 0 done, 1 refused. */
  run(ctx: CommandContext): Promise<number>;
}

const email = (value: string) => (z.email().safeParse(value.trim()).success ? null : "is not an email address");
const slug = (value: string) => (/^[a-z0-9][a-z0-9-]{0,62}$/.test(value) ? null : "is not an organisation slug (lowercase letters, digits, -)");
const oneOf = (choices: readonly string[]) => (value: string) => (choices.includes(value) ? null : `must be one of: ${choices.join(", ")}`);
const nonBlank = (value: string) => (value.trim() === "" ? "must not be empty" : value.length > 200 ? "is longer than 200 characters" : null);

const ROLES = ["admin", "member"] as const;

export const CLI_COMMANDS: readonly CommandSpec[] = [
  {
    name: "migrate",
    summary: "apply database migrations (also done at every start)",
    options: {},
    examples: ["pnpm jams migrate"],
    run: ({ out }) => {
      out("Migrations applied.");
      return Promise.resolve(0);
    },
  },
  {
    name: "org create",
    summary: "create an organisation and its first administrator",
    options: {
      name: { placeholder: "<name>", description: "organisation name, e.g. \"Acme Corp\"", required: true, check: nonBlank },
      "admin-email": { placeholder: "<email>", description: "email of the first administrator", required: true, check: email },
      "admin-password": {
        placeholder: "<password>",
        description: `set a password (at least ${MIN_PASSWORD_LENGTH} characters) instead of printing a one-time invite link`,
        check: (value) => (value.length >= MIN_PASSWORD_LENGTH ? null : `must be at least ${MIN_PASSWORD_LENGTH} characters`),
      },
    },
    examples: ['pnpm jams org create --name "Acme Corp" --admin-email ada@acme.example'],
    async run({ db, config, values, out }) {
      const name = values.name ?? "";
      const created = await createOrganizationWithAdmin(db, {
        name: name.trim(),
        adminEmail: values["admin-email"] ?? "",
        adminPassword: values["admin-password"],
        now: new Date(),
      });
      out(`Created organisation "${name.trim()}" (slug: ${created.slug}).`);
      out(
        created.inviteToken
          ? `One-time invite link for the admin (valid 7 days): ${inviteUrlFor(config.publicUrl, created.inviteToken)}`
          : `The admin can sign in at ${config.publicUrl}${LOGIN_PATH} with the password given.`,
      );
      return 0;
    },
  },
  {
    name: "user invite",
    summary: "invite a user into an organisation and print their one-time link",
    options: {
      org: { placeholder: "<slug>", description: "the organisation's slug (printed by org create)", required: true, check: slug },
      email: { placeholder: "<email>", description: "the user's email address", required: true, check: email },
      role: { placeholder: "admin|member", description: "role (default: member)", check: oneOf(ROLES) },
      name: { placeholder: "<name>", description: "display name", check: nonBlank },
    },
    examples: ["pnpm jams user invite --org acme-corp --email mia@acme.example --role member"],
    async run({ db, config, values, out }) {
      const orgSlug = values.org ?? "";
      const org = await findOrganizationBySlug(db, orgSlug);
      if (!org) {
        out(`Refused: no organisation with slug "${orgSlug}".`);
        return 1;
      }
      const role = values.role === "admin" ? "admin" : "member";
      const { token } = await createInvitedUser(db, {
        organizationId: org.id,
        email: values.email ?? "",
        displayName: values.name?.trim() ?? null,
        role,
        invitedBy: null,
        now: new Date(),
      });
      out(`Invited ${values.email ?? ""} to "${orgSlug}" as ${role}. One-time link (valid 7 days): ${inviteUrlFor(config.publicUrl, token)}`);
      return 0;
    },
  },
  {
    name: "sso unenforce",
    summary: "turn Enforce SSO off (recovery when the identity provider is unavailable)",
    options: { org: { placeholder: "<slug>", description: "the organisation's slug", required: true, check: slug } },
    examples: ["pnpm jams sso unenforce --org acme-corp"],
    async run({ db, values, out }) {
      const orgSlug = values.org ?? "";
      const done = await unenforceSsoBySlug(db, orgSlug);
      out(done ? `SSO enforcement is off for "${orgSlug}". Members can sign in with a password again.` : `Refused: no organisation with slug "${orgSlug}".`);
      return done ? 0 : 1;
    },
  },
  {
    name: "secrets rotate-key",
    summary: "re-seal every stored secret under SECRET_ENCRYPTION_KEY (old keys in SECRET_ENCRYPTION_PREVIOUS_KEYS)",
    options: {},
    examples: ["SECRET_ENCRYPTION_KEY=<new> SECRET_ENCRYPTION_PREVIOUS_KEYS=<old> pnpm jams secrets rotate-key"],
    async run({ db, config, out }) {
      const result = await rotateSecrets(db, createSecretBoxFromConfig(config));
      out(`Re-sealed ${result.connections} connection secret(s) and ${result.sessions} session token hint(s).`);
      return 0;
    },
  },
];
