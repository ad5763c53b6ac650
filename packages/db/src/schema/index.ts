export * from "./organizations";
export * from "./users";
export * from "./sso";
export * from "./sessions";
export * from "./audit";
export * from "./rate-limits";
export * from "./domains";
export * from "./provisioning";
