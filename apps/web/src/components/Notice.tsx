import { useEffect, useRef, useState } from "react";

export interface NoticeState {
  text: string;
  /** Move focus to the message once shown. */
  focus: boolean;
}

/** State for a page's <Notice>: `show("Saved.")`, or `show("Deleted.", true)` to also move focus there. */
export function useNotice() {
  const [notice, setNotice] = useState<NoticeState>({ text: "", focus: false });
  return {
    notice,
    show: (text: string, focus = false) => setNotice({ text, focus }),
    clear: () => setNotice({ text: "", focus: false }),
  };
}

/**
 * The page's success message (a polite live region). It can take focus, so that after an action
 * removes the control that had focus (a deleted row, a re-mounted form) focus lands on the outcome
 * instead of being lost to the page.
 */
export function Notice({ notice }: { notice: NoticeState }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice.focus && notice.text) ref.current?.focus();
  }, [notice]);
  return (
    <p className="success" role="status" tabIndex={-1} ref={ref}>
      {notice.text}
    </p>
  );
}
