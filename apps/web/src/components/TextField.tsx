import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: ReactNode;
  /** Help text under the input, linked with aria-describedby. */
  help?: ReactNode;
  /** A problem with the value: shown under the input, linked to it, and marks it aria-invalid. */
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled <input> with optional help and error text, all wired up for screen readers. */
export function TextField({ label, help, error, ref, "aria-describedby": describedBy, ...input }: Props) {
  const id = useId();
  const helpId = useId();
  const errorId = useId();
  const describedByIds = [error ? errorId : undefined, help ? helpId : undefined, describedBy].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        {...input}
        aria-describedby={describedByIds || undefined}
        aria-invalid={error ? true : input["aria-invalid"]}
      />
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {help ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
