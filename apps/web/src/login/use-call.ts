import { useEffect, useRef, useState } from "react";

type Status = "idle" | "pending" | "success" | "error";

/**
 * The part of TanStack Query's useMutation the sign-in page uses (pending, success, error, reset)
 * in plain React state: the page is its own entry and does not download a query library.
 * Like a mutation's own onSuccess, `onSuccess` runs even when the call was reset meanwhile; the
 * reset only stops the stale result from showing.
 */
export function useCall<I, O>(call: (input: I) => Promise<O>, onSuccess: (result: O) => void) {
  const [state, setState] = useState<{ status: Status; error: unknown }>({ status: "idle", error: null });
  const generation = useRef(0);
  const run = (input: I) => {
    const mine = ++generation.current;
    const settle = (status: Status, error: unknown = null) => {
      if (generation.current === mine) setState({ status, error });
    };
    setState({ status: "pending", error: null });
    call(input).then(
      (result) => {
        onSuccess(result);
        settle("success");
      },
      (error: unknown) => settle("error", error),
    );
  };
  const reset = () => {
    generation.current++;
    setState({ status: "idle", error: null });
  };
  return { run, reset, isPending: state.status === "pending", isSuccess: state.status === "success", error: state.error };
}

/** One read when the page opens (undefined until it answers; failures are ignored like a query nobody shows). */
export function useLoad<O>(load: () => Promise<O>): O | undefined {
  const [data, setData] = useState<O | undefined>(undefined);
  const loadRef = useRef(load);
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (result) => {
        if (live) setData(result);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return data;
}
