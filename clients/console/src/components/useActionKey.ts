import { useCallback, useState } from 'react';

/**
 * One idempotency key per action. A retry after no answer (a network failure, a timeout) sends the
 * same key, since the graph may have done it already; once the graph has answered (done, or refused
 * with userErrors) the next submit is a new action with a new key.
 */
export function useActionKey(): [key: string, answered: (data: unknown) => void] {
  const [key, setKey] = useState(() => crypto.randomUUID());
  const answered = useCallback((data: unknown) => {
    if (data !== undefined && data !== null) setKey(crypto.randomUUID());
  }, []);
  return [key, answered];
}
