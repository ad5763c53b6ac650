/** The domain codes against @jams/oidc's relying party; re-exported here so imports stay local. */
export type {
  AuthorizationTransaction,
  ConnectionCheck,
  ConnectionSettings,
  IssuerCheck,
  RelyingParty,
  VerifiedIdentity,
} from "@jams/oidc/relying-party";
