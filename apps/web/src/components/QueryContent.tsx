import type { ReactNode } from "react";
import { describeError } from "../lib/errors";
import { ErrorCallout } from "./ErrorCallout";
import { Loading } from "./Loading";

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

interface Props<T> {
  query: QueryLike<T>;
  /** Shown instead of `children` when `isEmpty(data)`. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states every list on the settings pages shares. */
export function QueryContent<T>({ query, empty, isEmpty, children }: Props<T>) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorCallout error={describeError(query.error)} />;
  const data = query.data;
  if (data === undefined) return <Loading />;
  if (isEmpty?.(data)) return <>{empty}</>;
  return <>{children(data)}</>;
}
