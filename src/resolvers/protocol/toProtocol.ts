import { getProtocolInfo } from '../../config/protocols.js';
import type { ProtocolTotalsRow } from '../../datasources/db/repositories/marketRepository.js';
import type { Protocol } from './protocol.type.js';

/** Maps a protocol totals row to a Protocol. */
export function toProtocol(row: ProtocolTotalsRow): Protocol {
  const info = getProtocolInfo(row.slug) ?? { slug: row.slug, name: row.slug, category: 'Unknown' };
  return {
    ...info, chains: row.chainNames, tvlUsd: row.tvlUsd, borrowedUsd: row.borrowedUsd, volumeUsd24h: row.volumeUsd24h, feesUsd24h: row.feesUsd24h,
    volumeUsd7d: row.volumeUsd7d, volumeUsd30d: row.volumeUsd30d, feesUsd7d: row.feesUsd7d, feesUsd30d: row.feesUsd30d,
  };
}
