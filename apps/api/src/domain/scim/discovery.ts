import { GROUP_SCHEMA, USER_SCHEMA } from "./context";
import { MAX_FILTER_LENGTH } from "./filter";
import { MAX_PAGE_SIZE } from "./pagination";

/** RFC 7643 §5–7 discovery documents: what this service provider supports, stated honestly. */
const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export function serviceProviderConfig(baseUrl: string, maxBodyBytes: number) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE, maxFilterLength: MAX_FILTER_LENGTH },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    maxPayloadSize: maxBodyBytes,
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "The token generated under Single sign-on → Provisioning; send it as `Authorization: Bearer <token>`.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A person in the organisation; userName is their email address.",
      schema: USER_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "An IdP group; its displayName can be mapped to a role.",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = Record<string, unknown>;
const attr = (name: string, extra: Attribute = {}): Attribute => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(baseUrl: string) {
  return [
    {
      schemas: [SCHEMA_SCHEMA],
      id: USER_SCHEMA,
      name: "User",
      description: "User account",
      attributes: [
        attr("userName", { required: true, uniqueness: "server", description: "The user's email address." }),
        attr("name", {
          type: "complex",
          subAttributes: [attr("formatted", { mutability: "readOnly" }), attr("givenName"), attr("familyName")],
        }),
        attr("displayName"),
        attr("emails", {
          type: "complex",
          multiValued: true,
          subAttributes: [attr("value"), attr("type", { canonicalValues: ["work"] }), attr("primary", { type: "boolean" })],
        }),
        attr("active", { type: "boolean" }),
        attr("externalId", { caseExact: true }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: [SCHEMA_SCHEMA],
      id: GROUP_SCHEMA,
      name: "Group",
      description: "Group",
      attributes: [
        attr("displayName", { required: true, uniqueness: "server" }),
        attr("members", {
          type: "complex",
          multiValued: true,
          subAttributes: [
            attr("value", { mutability: "immutable" }),
            attr("display", { mutability: "readOnly" }),
            attr("$ref", { type: "reference", referenceTypes: ["User"], mutability: "immutable" }),
          ],
        }),
        attr("externalId", { caseExact: true }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${GROUP_SCHEMA}` },
    },
  ];
}
