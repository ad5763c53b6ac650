import type { ReactNode } from "react";

/** A column header; `hidden` keeps it for screen readers only (e.g. "Actions"). */
export type Column = string | { label: string; hidden: true };

interface Props {
  columns: readonly Column[];
  /** Read by screen readers only. */
  caption?: string;
  className?: string;
  children: ReactNode;
}

/** A horizontally scrollable table with a header row; rows go in `children`. */
export function DataTable({ columns, caption, className, children }: Props) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col">
                  <span className="visually-hidden">{column.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
