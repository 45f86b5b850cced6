// Shared input and output shapes of src/analytics. Every address is lowercase 0x-hex (as the decoders emit);
// every token amount is a bigint in raw base units; every USD value is a double (see README.md, "Precision").

/** A token as the registry knows it. */
export interface TokenInput {
  chainId: number;
  address: string;
  symbol: string;
  /** ERC-20 decimals, 0-255. */
  decimals: number;
  /** A USD stablecoin (USDC, USDT, DAI...): anchored at its oracle price, else at 1.0. Default false. */
  isStable?: boolean;
  /** The chain's wrapped native token (WETH): priced first, from stablecoin pools, then used as an anchor. */
  isWrappedNative?: boolean;
}

/** Fields every pool state shares. */
export interface PoolStateBase {
  chainId: number;
  address: string;
  token0: string;
  token1: string;
  /** Block at which the state below was read (the last `Sync`/`Swap`, or the read block). */
  blockNumber: number;
}

/** A constant-product (Uniswap V2 style) pool: reserves from the last `Sync`. */
export interface V2PoolState extends PoolStateBase {
  kind: 'v2';
  reserve0: bigint;
  reserve1: bigint;
}

/** A concentrated-liquidity (Uniswap V3 style) pool: `slot0.sqrtPriceX96` and in-range `liquidity`. */
export interface V3PoolState extends PoolStateBase {
  kind: 'v3';
  sqrtPriceX96: bigint;
  liquidity: bigint;
  /** The pool's ERC-20 balances, when known: they cap the virtual reserves used as depth. */
  balance0?: bigint;
  balance1?: bigint;
}

/** A pool whose state can quote a price. */
export type PoolStateInput = V2PoolState | V3PoolState;

/** The latest answer of a Chainlink-style USD feed for a token (`AnswerUpdated` or `latestRoundData`). */
export interface OracleAnswerInput {
  chainId: number;
  /** The token the feed prices, in USD. */
  token: string;
  /** The feed (aggregator) address, reported in the price's route. */
  feed: string;
  /** Signed answer in the feed's decimals; <= 0 is treated as no answer. */
  answer: bigint;
  decimals: number;
  updatedAtSec: number;
  blockNumber: number;
  /** Age after which this answer is stale; overrides `PriceTokensOptions.oracleMaxAgeSec` (use the heartbeat). */
  maxAgeSec?: number;
}

/** Where a price came from: a fresh oracle, pools (through `route`), or a stablecoin's assumed peg of 1.0. */
export type PriceSource = 'oracle' | 'pool' | 'peg';

/** Why a token has no price. */
export type UnpricedReason =
  /** No pool path to an anchor within `maxHops`. */
  | 'noRoute'
  /** Every pool linking it to a priced token is shallower than `minLiquidityUsd`. */
  | 'lowLiquidity'
  /** Its pools disagree beyond `maxDeviation` with no liquidity majority, so none is trusted. */
  | 'outlier';

/** A token with a trustworthy USD price. */
export interface PricedToken {
  chainId: number;
  address: string;
  symbol: string;
  priceUsd: number;
  /** 0-1: how far the number can be trusted (see README.md, "Confidence"). */
  confidence: number;
  source: PriceSource;
  /** Token addresses from the anchor to this token along the deepest route; `[address]` for oracle and peg. */
  route: string[];
  /** Pools whose quotes make up the price (after the guards); empty for oracle and peg. */
  pools: string[];
  /** The oracle feed, for `source: 'oracle'`. */
  feed?: string;
  /** USD depth behind a pool price (sum of the quote sides of `pools`); null for oracle and peg. */
  liquidityUsd: number | null;
  /** Pools crossed from an anchor (0 for anchors). */
  hops: number;
  /** The newest block among the inputs this price was derived from. */
  blockNumber: number;
  /** Stablecoins only: |pool-implied price / anchor price - 1|, when its pools to other anchors can tell. */
  poolDeviation?: number;
}

/** A token that gets no price rather than a wrong one. */
export interface UnpricedToken {
  chainId: number;
  address: string;
  symbol: string;
  priceUsd: null;
  confidence: 0;
  reason: UnpricedReason;
}

/** One token's pricing outcome. */
export type TokenPrice = PricedToken | UnpricedToken;

/** Prices keyed by {@link tokenKey}; `priceTokens()` output fits, so does any `{ priceUsd }` map. */
export type PriceMap = ReadonlyMap<string, { priceUsd: number | null; confidence?: number }>;

/** A raw token balance with the decimals to read it. */
export interface TokenBalanceInput {
  token: string;
  decimals: number;
  amountRaw: bigint;
}

/** Bucket width of a series. */
export type SeriesInterval = 'hour' | 'day';
