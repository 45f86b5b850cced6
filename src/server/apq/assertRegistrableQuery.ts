import { badUserInput } from '../../errors/apiErrors.js';

/** Largest query text (UTF-8 bytes) a client may register as an automatic persisted query. */
export const MAX_PERSISTED_QUERY_BYTES = 32 * 1024;

/**
 * Refuses to register (and so to run as a registration) a persisted query over MAX_PERSISTED_QUERY_BYTES, so
 * registrations cannot fill the shared cache with megabyte entries. Larger queries still run when sent without the
 * persistedQuery extension.
 * @throws ApiError BAD_USER_INPUT (HTTP 400 once given its head) with `limitName: persistedQueryBytes`, `limit`, `actual`.
 */
export function assertRegistrableQuery(registering: boolean | undefined, source: string | undefined): void {
  if (!registering || source === undefined) return;
  const bytes = Buffer.byteLength(source);
  if (bytes <= MAX_PERSISTED_QUERY_BYTES) return;
  const error = badUserInput(`Persisted query of ${bytes} bytes refused: at most ${MAX_PERSISTED_QUERY_BYTES} bytes can be registered; send it without the persistedQuery extension`);
  Object.assign(error.extensions, { limitName: 'persistedQueryBytes', limit: MAX_PERSISTED_QUERY_BYTES, actual: bytes });
  throw error;
}
