import type { DecodedEventKind } from '../../../chain/decoders/types.js';
import {
  AaveV3BorrowEntity,
  AaveV3LiquidationEntity,
  AaveV3RepayEntity,
  AaveV3ReserveDataUpdateEntity,
  AaveV3SupplyEntity,
  AaveV3WithdrawEntity,
} from './aaveV3.entities.js';
import { Erc20TransferEntity } from './erc20.entities.js';
import type { EventRow } from './eventRow.js';
import { PriceFeedAnswerEntity } from './priceFeed.entity.js';
import { TokenEntity } from './token.entity.js';
import { UniswapV2BurnEntity, UniswapV2MintEntity, UniswapV2PairEntity, UniswapV2SwapEntity, UniswapV2SyncEntity } from './uniswapV2.entities.js';
import {
  UniswapV3BurnEntity,
  UniswapV3CollectEntity,
  UniswapV3InitializeEntity,
  UniswapV3MintEntity,
  UniswapV3PoolEntity,
  UniswapV3SwapEntity,
} from './uniswapV3.entities.js';

/** The entity class storing one event kind. */
export type EventEntityClass<K extends DecodedEventKind> = new () => EventRow<K>;

/** The table (entity) of every decoded event kind; the mapped type fails to compile when a kind has none. */
export const EVENT_ENTITIES: { readonly [K in DecodedEventKind]: EventEntityClass<K> } = {
  erc20Transfer: Erc20TransferEntity,
  uniswapV2PairCreated: UniswapV2PairEntity,
  uniswapV2Sync: UniswapV2SyncEntity,
  uniswapV2Swap: UniswapV2SwapEntity,
  uniswapV2Mint: UniswapV2MintEntity,
  uniswapV2Burn: UniswapV2BurnEntity,
  uniswapV3PoolCreated: UniswapV3PoolEntity,
  uniswapV3Initialize: UniswapV3InitializeEntity,
  uniswapV3Swap: UniswapV3SwapEntity,
  uniswapV3Mint: UniswapV3MintEntity,
  uniswapV3Burn: UniswapV3BurnEntity,
  uniswapV3Collect: UniswapV3CollectEntity,
  aaveV3Supply: AaveV3SupplyEntity,
  aaveV3Withdraw: AaveV3WithdrawEntity,
  aaveV3Borrow: AaveV3BorrowEntity,
  aaveV3Repay: AaveV3RepayEntity,
  aaveV3LiquidationCall: AaveV3LiquidationEntity,
  aaveV3ReserveDataUpdated: AaveV3ReserveDataUpdateEntity,
  priceFeedAnswerUpdated: PriceFeedAnswerEntity,
};

/** Entities to register with the DataSource: every event table and `tokens`. */
export const decodedEventEntities = [...Object.values(EVENT_ENTITIES), TokenEntity];
