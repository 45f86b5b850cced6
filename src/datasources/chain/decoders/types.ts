import type { Hex } from 'viem';

/**
 * A log as viem returns it from `eth_getLogs` / receipts (`Log<bigint, number>`): hex strings, bigint block number.
 * Fields are nullable because pending logs have no position; those are rejected by the decoder.
 */
export interface RawLog {
  address: Hex;
  topics: readonly Hex[];
  data: Hex;
  blockNumber: bigint | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  logIndex: number | null;
  transactionIndex?: number | null;
  removed?: boolean;
}

/** Where a decoded event was emitted. Hashes and `address` (the emitter) are lowercase 0x-hex. */
export interface LogPosition {
  chainId: number;
  blockNumber: number;
  blockHash: string;
  txHash: string;
  logIndex: number;
  /** The contract that emitted the log, lowercase. */
  address: string;
}

// Every address field below is lowercase 0x-hex; every amount is raw base units.

/** ERC-20 `Transfer(address indexed from, address indexed to, uint256 value)`. */
export interface Erc20TransferEvent extends LogPosition {
  kind: 'erc20Transfer';
  from: string;
  to: string;
  value: bigint;
}

/** Uniswap V2 factory `PairCreated(token0, token1, pair, allPairs.length)`. */
export interface UniswapV2PairCreatedEvent extends LogPosition {
  kind: 'uniswapV2PairCreated';
  token0: string;
  token1: string;
  pair: string;
  /** `allPairs.length` after the push: the 1-based creation index. */
  pairCount: bigint;
}

/** Uniswap V2 pair `Sync(uint112 reserve0, uint112 reserve1)`: reserves after every state change. */
export interface UniswapV2SyncEvent extends LogPosition {
  kind: 'uniswapV2Sync';
  reserve0: bigint;
  reserve1: bigint;
}

/** Uniswap V2 pair `Swap`. */
export interface UniswapV2SwapEvent extends LogPosition {
  kind: 'uniswapV2Swap';
  sender: string;
  to: string;
  amount0In: bigint;
  amount1In: bigint;
  amount0Out: bigint;
  amount1Out: bigint;
}

/** Uniswap V2 pair `Mint` (liquidity added). */
export interface UniswapV2MintEvent extends LogPosition {
  kind: 'uniswapV2Mint';
  sender: string;
  amount0: bigint;
  amount1: bigint;
}

/** Uniswap V2 pair `Burn` (liquidity removed). */
export interface UniswapV2BurnEvent extends LogPosition {
  kind: 'uniswapV2Burn';
  sender: string;
  to: string;
  amount0: bigint;
  amount1: bigint;
}

/** Uniswap V3 factory `PoolCreated`. */
export interface UniswapV3PoolCreatedEvent extends LogPosition {
  kind: 'uniswapV3PoolCreated';
  token0: string;
  token1: string;
  /** Fee tier in hundredths of a bip (3000 = 0.3%). */
  fee: number;
  tickSpacing: number;
  pool: string;
}

/** Uniswap V3 pool `Initialize` (first price). */
export interface UniswapV3InitializeEvent extends LogPosition {
  kind: 'uniswapV3Initialize';
  sqrtPriceX96: bigint;
  tick: number;
}

/** Uniswap V3 pool `Swap`. Amounts are the pool's deltas: positive in, negative out. */
export interface UniswapV3SwapEvent extends LogPosition {
  kind: 'uniswapV3Swap';
  sender: string;
  recipient: string;
  amount0: bigint;
  amount1: bigint;
  sqrtPriceX96: bigint;
  liquidity: bigint;
  tick: number;
}

/** Uniswap V3 pool `Mint` (liquidity added to a tick range). `amount` is liquidity. */
export interface UniswapV3MintEvent extends LogPosition {
  kind: 'uniswapV3Mint';
  sender: string;
  owner: string;
  tickLower: number;
  tickUpper: number;
  amount: bigint;
  amount0: bigint;
  amount1: bigint;
}

/** Uniswap V3 pool `Burn` (liquidity removed; tokens only become owed). `amount` is liquidity. */
export interface UniswapV3BurnEvent extends LogPosition {
  kind: 'uniswapV3Burn';
  owner: string;
  tickLower: number;
  tickUpper: number;
  amount: bigint;
  amount0: bigint;
  amount1: bigint;
}

/** Uniswap V3 pool `Collect` (owed tokens withdrawn). Not the position manager's `Collect(tokenId, ...)`. */
export interface UniswapV3CollectEvent extends LogPosition {
  kind: 'uniswapV3Collect';
  owner: string;
  recipient: string;
  tickLower: number;
  tickUpper: number;
  amount0: bigint;
  amount1: bigint;
}

/** Aave V3 Pool `Supply`. */
export interface AaveV3SupplyEvent extends LogPosition {
  kind: 'aaveV3Supply';
  reserve: string;
  user: string;
  onBehalfOf: string;
  amount: bigint;
  referralCode: number;
}

/** Aave V3 Pool `Withdraw`. */
export interface AaveV3WithdrawEvent extends LogPosition {
  kind: 'aaveV3Withdraw';
  reserve: string;
  user: string;
  to: string;
  amount: bigint;
}

/** Aave V3 Pool `Borrow`. `borrowRate` is a ray (1e27); `interestRateMode` 1 stable, 2 variable. */
export interface AaveV3BorrowEvent extends LogPosition {
  kind: 'aaveV3Borrow';
  reserve: string;
  user: string;
  onBehalfOf: string;
  amount: bigint;
  interestRateMode: number;
  borrowRate: bigint;
  referralCode: number;
}

/** Aave V3 Pool `Repay`. */
export interface AaveV3RepayEvent extends LogPosition {
  kind: 'aaveV3Repay';
  reserve: string;
  user: string;
  repayer: string;
  amount: bigint;
  useATokens: boolean;
}

/** Aave V3 (and V2, same layout) Pool `LiquidationCall`. */
export interface AaveV3LiquidationCallEvent extends LogPosition {
  kind: 'aaveV3LiquidationCall';
  collateralAsset: string;
  debtAsset: string;
  user: string;
  debtToCover: bigint;
  liquidatedCollateralAmount: bigint;
  liquidator: string;
  receiveAToken: boolean;
}

/** Aave V3 Pool `ReserveDataUpdated`. Rates and indexes are rays (1e27). */
export interface AaveV3ReserveDataUpdatedEvent extends LogPosition {
  kind: 'aaveV3ReserveDataUpdated';
  reserve: string;
  liquidityRate: bigint;
  stableBorrowRate: bigint;
  variableBorrowRate: bigint;
  liquidityIndex: bigint;
  variableBorrowIndex: bigint;
}

/** Chainlink-style `AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)`. */
export interface PriceFeedAnswerUpdatedEvent extends LogPosition {
  kind: 'priceFeedAnswerUpdated';
  /** The feed's answer (`current`), signed, in the feed's decimals. */
  answer: bigint;
  roundId: bigint;
  updatedAtSec: bigint;
}

/** Every event the indexer decodes, tagged by `kind`. */
export type DecodedEvent =
  | Erc20TransferEvent
  | UniswapV2PairCreatedEvent
  | UniswapV2SyncEvent
  | UniswapV2SwapEvent
  | UniswapV2MintEvent
  | UniswapV2BurnEvent
  | UniswapV3PoolCreatedEvent
  | UniswapV3InitializeEvent
  | UniswapV3SwapEvent
  | UniswapV3MintEvent
  | UniswapV3BurnEvent
  | UniswapV3CollectEvent
  | AaveV3SupplyEvent
  | AaveV3WithdrawEvent
  | AaveV3BorrowEvent
  | AaveV3RepayEvent
  | AaveV3LiquidationCallEvent
  | AaveV3ReserveDataUpdatedEvent
  | PriceFeedAnswerUpdatedEvent;

/** The `kind` tag of a {@link DecodedEvent}. */
export type DecodedEventKind = DecodedEvent['kind'];

/** The event of one kind. */
export type DecodedEventOf<K extends DecodedEventKind> = Extract<DecodedEvent, { kind: K }>;

/** Every kind, in a stable order (factories before pools, as they are emitted). */
export const DECODED_EVENT_KINDS = [
  'erc20Transfer',
  'uniswapV2PairCreated',
  'uniswapV2Sync',
  'uniswapV2Swap',
  'uniswapV2Mint',
  'uniswapV2Burn',
  'uniswapV3PoolCreated',
  'uniswapV3Initialize',
  'uniswapV3Swap',
  'uniswapV3Mint',
  'uniswapV3Burn',
  'uniswapV3Collect',
  'aaveV3Supply',
  'aaveV3Withdraw',
  'aaveV3Borrow',
  'aaveV3Repay',
  'aaveV3LiquidationCall',
  'aaveV3ReserveDataUpdated',
  'priceFeedAnswerUpdated',
] as const satisfies readonly DecodedEventKind[];

// Fails to compile when a kind is added to the union but not to the list above.
const kindsListed: [Exclude<DecodedEventKind, (typeof DECODED_EVENT_KINDS)[number]>] extends [never] ? true : never = true;
void kindsListed;

/** Throws at compile time when a `switch` over a union misses a member; at run time when data lies about its type. */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`Unexpected ${what}: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
}
