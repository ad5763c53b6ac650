import type { ProviderPreset } from "../pages/sso/presets";

/**
 * Simple marks drawn for this product (not the providers' trademark files): enough to recognise
 * the provider at a glance next to its name, which is always shown as text too.
 */
export function ProviderLogo({ id, size = 28 }: { id: ProviderPreset["id"]; size?: number }) {
  const common = { width: size, height: size, viewBox: "0 0 32 32", "aria-hidden": true, focusable: false, className: "provider-logo" } as const;
  switch (id) {
    case "okta":
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="11" fill="none" stroke="#00297a" strokeWidth="6" />
        </svg>
      );
    case "entra":
      return (
        <svg {...common}>
          <path d="M16 3 29 25H3Z" fill="#0078d4" />
          <path d="M16 11 22.5 22h-13Z" fill="#50b0f0" />
        </svg>
      );
    case "google":
      return (
        <svg {...common}>
          <path d="M16 4a12 12 0 0 1 8.5 3.5l-3.2 3.2A7.5 7.5 0 0 0 16 8.5Z" fill="#ea4335" />
          <path d="M7.5 7.5A12 12 0 0 1 16 4v4.5a7.5 7.5 0 0 0-5.3 2.2Z" fill="#fbbc05" />
          <path d="M4 16a12 12 0 0 1 3.5-8.5l3.2 3.2A7.5 7.5 0 0 0 8.5 16 7.5 7.5 0 0 0 10.7 21.3L7.5 24.5A12 12 0 0 1 4 16Z" fill="#fbbc05" />
          <path d="M7.5 24.5 10.7 21.3A7.5 7.5 0 0 0 21 22l3 3.3A12 12 0 0 1 7.5 24.5Z" fill="#34a853" />
          <path d="M28 16.5a12 12 0 0 1-4 8.8l-3-3.3a7.5 7.5 0 0 0 2.3-3.5H16v-4.3h11.8q.2 1.1.2 2.3Z" fill="#4285f4" />
        </svg>
      );
    case "auth0":
      return (
        <svg {...common}>
          <path d="M16 3 27 9v8c0 6-4.6 10.6-11 12C9.6 27.6 5 23 5 17V9Z" fill="#eb5424" />
          <path d="m16 9 2 5.5h5.5l-4.5 3.3 1.8 5.5L16 20l-4.8 3.3 1.8-5.5-4.5-3.3H14Z" fill="#fff" />
        </svg>
      );
    case "onelogin":
      return (
        <svg {...common}>
          <circle cx="16" cy="16" r="13" fill="#1c1f2a" />
          <path d="M14 11h4v11h-4v-7h-2v-2.5Z" fill="#fff" />
        </svg>
      );
    case "keycloak":
      return (
        <svg {...common}>
          <path d="M9 4h14l7 12-7 12H9L2 16Z" fill="#4d4d4d" />
          <path d="M12 9 8 16l4 7m8-14 4 7-4 7" fill="none" stroke="#00b8e3" strokeWidth="2.5" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="11" cy="16" r="6" fill="none" stroke="#545d6a" strokeWidth="3" />
          <path d="M17 16h12m-4 0v5m-4-5v4" fill="none" stroke="#545d6a" strokeWidth="3" />
        </svg>
      );
  }
}
