import type { Logger } from '../../common/logger.js';
import type { ChainClient } from '../../datasources/chain/createChainClient.js';
import { listEventTokens } from '../../datasources/chain/decoders/listEventTokens.js';
import type { DecodedEvent } from '../../datasources/chain/decoders/types.js';
import type { Database } from '../../datasources/db/createDatabase.js';
import type { EventRepository } from '../../datasources/db/repositories/eventRepository.js';

/**
 * Keeps the `tokens` table filled for every token the indexed events refer to: new addresses are read in
 * multicalls after their range commits. Best effort: a failed read is logged and retried with the next range.
 */
export function createTokenMetadataSync(options: { chainId: number; client: ChainClient; db: Database; events: EventRepository; logger: Logger }) {
  const known = new Set<string>();

  async function sync(addresses: string[]): Promise<void> {
    const fresh = [...new Set(addresses.map((a) => a.toLowerCase()))].filter((a) => !known.has(a));
    if (fresh.length === 0) return;
    for (const row of await options.events.getTokens(options.chainId, fresh)) known.add(row.address);
    const missing = fresh.filter((a) => !known.has(a));
    if (missing.length === 0) return;
    try {
      const metadata = await options.client.readTokenMetadata(missing);
      const records = [...metadata.entries()].map(([address, m]) => ({ chainId: options.chainId, address, symbol: m.symbol, name: m.name, decimals: m.decimals, status: m.status }));
      await options.db.transaction((manager) => options.events.upsertTokens(manager, records));
      for (const record of records) known.add(record.address);
    } catch (error) {
      options.logger.warn({ err: (error as Error).message, count: missing.length }, 'token metadata read failed; will retry');
    }
  }

  return {
    /** Reads the metadata of configured tokens not stored yet. */
    syncAddresses: sync,
    /** Reads the metadata of the tokens a committed range's events refer to. */
    syncEvents: (events: readonly DecodedEvent[]) => sync(events.flatMap(listEventTokens)),
  };
}
