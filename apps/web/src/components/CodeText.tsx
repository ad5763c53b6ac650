import { Fragment } from "react";

/** An error code in <code>, allowed to wrap only after underscores (never mid-word). */
export function CodeText({ code }: { code: string }) {
  const parts = code.split("_");
  return (
    <code className="code-text">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? (
            <>
              _<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </code>
  );
}
