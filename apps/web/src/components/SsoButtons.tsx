import type { ReactNode, Ref } from "react";

interface SsoOption {
  connectionId: string;
  label: string;
}

interface Props {
  connections: readonly SsoOption[];
  disabled: boolean;
  onChoose: (connectionId: string) => void;
  /** The first button, e.g. to move focus to it once the options appear. */
  firstRef?: Ref<HTMLButtonElement>;
  children?: ReactNode;
}

/** One "Continue with <Configuration name>" button per SSO connection (sign-in and invitation pages). */
export function SsoButtons({ connections, disabled, onChoose, firstRef, children }: Props) {
  return (
    <div className="stack-tight" role="group" aria-label="Single sign-on">
      {children}
      {connections.map((connection, index) => (
        <button
          key={connection.connectionId}
          type="button"
          className="button button-block"
          ref={index === 0 ? firstRef : undefined}
          disabled={disabled}
          onClick={() => onChoose(connection.connectionId)}
        >
          Continue with {connection.label}
        </button>
      ))}
    </div>
  );
}

/** The "or" between ways of signing in. */
export function OrDivider({ children }: { children: ReactNode }) {
  return (
    <p className="divider">
      <span>{children}</span>
    </p>
  );
}
