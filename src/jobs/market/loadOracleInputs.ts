import type { OracleAnswerInput } from '../../analytics/types.js';
import type { PriceFeedConfig } from '../../config/chainsFile.js';
import type { Database } from '../../datasources/db/createDatabase.js';

type Row = Record<string, string | number | null>;

interface LatestAnswer {
  feed: PriceFeedConfig;
  answer: bigint;
  updatedAtSec: number;
  blockNumber: number;
  logIndex: number;
}

/**
 * The oracle answer that prices each configured asset at `atBlock`: the newest indexed `AnswerUpdated` of each of its
 * feeds at or before that block, then, when several feeds price one asset, the one whose answer is newest (block, then
 * log index). A devnet price move deploys a new MockAggregator (its constructor emits the answer) and points the Aave
 * oracle at it with `setAssetSources`; `AssetSourceUpdated` is not indexed, so the newest answer stands for the
 * current source. Staleness is judged later by `priceTokens` (feed `heartbeatSec`, else its default).
 * @returns one answer per asset that has any; none when no feed is configured.
 */
export async function loadOracleInputs(db: Database, chainId: number, feeds: readonly PriceFeedConfig[], atBlock: number): Promise<OracleAnswerInput[]> {
  if (feeds.length === 0) return [];
  const byAggregator = new Map(feeds.map((feed) => [feed.aggregator, feed]));
  const rows = (await db.dataSource.query(
    `SELECT DISTINCT ON (address) address, answer::text AS answer, updated_at_sec::text AS updated_at_sec, block_number, log_index
       FROM price_feed_answers
      WHERE chain_id = $1 AND address = ANY($2) AND block_number <= $3
      ORDER BY address, block_number DESC, log_index DESC`,
    [chainId, [...byAggregator.keys()], atBlock],
  )) as Row[];
  const newest = new Map<string, LatestAnswer>();
  for (const row of rows) {
    const feed = byAggregator.get(String(row.address));
    if (!feed) continue;
    const candidate: LatestAnswer = {
      feed, answer: BigInt(row.answer ?? 0), updatedAtSec: clampSeconds(BigInt(row.updated_at_sec ?? 0)),
      blockNumber: Number(row.block_number), logIndex: Number(row.log_index),
    };
    const current = newest.get(feed.asset);
    if (!current || candidate.blockNumber > current.blockNumber || (candidate.blockNumber === current.blockNumber && candidate.logIndex > current.logIndex)) {
      newest.set(feed.asset, candidate);
    }
  }
  return [...newest.values()].map(({ feed, answer, updatedAtSec, blockNumber }) => ({
    chainId, token: feed.asset, feed: feed.aggregator, answer, decimals: feed.decimals, updatedAtSec, blockNumber,
    ...(feed.heartbeatSec === undefined ? {} : { maxAgeSec: feed.heartbeatSec }),
  }));
}

/** `updatedAt` is a uint256 anyone's contract can fill: beyond 2^53 it is nonsense, and dated after any "now". */
function clampSeconds(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}
