import { formatDateTime, isoString } from "../lib/format";

export function Time({ value }: { value: string | Date | null | undefined }) {
  const iso = isoString(value);
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatDateTime(value)}</time>;
}
