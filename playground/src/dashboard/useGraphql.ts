import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from './clientContext';
import { toDisplayError, type DisplayError } from './displayError';

export interface QueryState<T> {
  data: T | undefined;
  error: DisplayError | undefined;
  /** Runs the query again (keeps the previous data until the answer arrives). */
  reload: () => void;
}

/** A query run on mount, whenever its variables change, and every `refreshMs` when given. */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, refreshMs?: number): QueryState<T> {
  const client = useClient();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<DisplayError>();
  const [generation, setGeneration] = useState(0);
  const variablesJson = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    client
      .query<T>(query, JSON.parse(variablesJson) as Record<string, unknown>)
      .then((next) => {
        if (!live) return;
        setData(next);
        setError(undefined);
      })
      .catch((caught: unknown) => live && setError(toDisplayError(caught)));
    return () => {
      live = false;
    };
  }, [client, query, variablesJson, generation]);
  useEffect(() => {
    if (!refreshMs) return undefined;
    const timer = setInterval(() => setGeneration((g) => g + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, reload };
}

/** A subscription held while mounted; `onData` may change between renders without resubscribing. */
export function useSubscription<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void, enabled = true): DisplayError | undefined {
  const client = useClient();
  const [error, setError] = useState<DisplayError>();
  const onDataRef = useRef(onData);
  onDataRef.current = onData;
  const variablesJson = JSON.stringify(variables);
  useEffect(() => {
    if (!enabled) return undefined;
    setError(undefined);
    return client.subscribe<T>(
      query,
      JSON.parse(variablesJson) as Record<string, unknown>,
      (data) => {
        setError(undefined);
        onDataRef.current(data);
      },
      setError,
    );
  }, [client, query, variablesJson, enabled]);
  return error;
}
