import { Field, Float, Int, ObjectType, UseMiddleware } from 'type-graphql';
import { NotPerBlock } from '../common/notPerBlock.js';
import type { TokenPriceAtRow } from '../../datasources/db/repositories/marketHistoryReads.js';
import type { TokenPriceRow } from '../../datasources/db/repositories/marketRepository.js';
import { buildConnectionType } from '../common/connection.js';
import type { BlockPoint } from '../common/resolveBlockPoint.js';
import { AddressScalar } from '../scalars/address.scalar.js';
import { DateTimeScalar } from '../scalars/dateTime.scalar.js';

/** A token with its current price (GraphQL type). */
@ObjectType({ description: 'An ERC-20 token with its current USD price, derived on chain by the market job' })
export class Token {
  @Field(() => Int)
  chainId: number;

  @Field(() => AddressScalar)
  address: string;

  @Field(() => String, { nullable: true, description: 'Null when the contract does not expose one' })
  symbol: string | null;

  @Field(() => Int, { nullable: true })
  decimals: number | null;

  @Field(() => Float, { nullable: true, description: 'USD price; null when no trustworthy route exists (never a guessed price)' })
  priceUsd: number | null;

  @Field(() => Float, { description: '0-1: how far the price can be trusted (liquidity behind it); 0 without a price. Not kept per block.' })
  @UseMiddleware(NotPerBlock)
  confidence: number;

  @Field(() => String, { nullable: true, description: 'oracle, pool or peg; null without a price. Not kept per block.' })
  @UseMiddleware(NotPerBlock)
  priceSource: string | null;

  @Field(() => Int, { nullable: true, description: 'Newest block the price was derived from' })
  priceBlockNumber: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the market job computed the price' })
  priceUpdatedAt: Date | null;

  /** Set on point-in-time reads (not a GraphQL field): nested fields read at the same block. */
  atBlock?: BlockPoint;
}

/** Relay connection of tokens. */
export const TokenConnection = buildConnectionType(Token, 'Token');

/** Maps a stored price row, or a bare address the market job has not priced, to a Token. */
export function toToken(row: TokenPriceRow | null, chainId: number, address: string): Token {
  return {
    chainId,
    address: row?.address ?? address,
    symbol: row?.symbol ?? null,
    decimals: row?.decimals ?? null,
    priceUsd: row?.priceUsd ?? null,
    confidence: row?.confidence ?? 0,
    priceSource: row?.source ?? null,
    priceBlockNumber: row ? row.blockNumber : null,
    priceUpdatedAt: row?.updatedAt ?? null,
  };
}

/**
 * A token as of a block: the price is the close of the latest hourly snapshot at or before it (null without one);
 * confidence and source are not kept per block and answer DATA_NOT_AVAILABLE.
 */
export function toTokenAt(row: TokenPriceAtRow, address: string, point: BlockPoint): Token {
  return {
    chainId: point.chainId, address, symbol: row.symbol, decimals: row.decimals, priceUsd: row.priceUsd, confidence: 0,
    priceSource: null, priceBlockNumber: row.blockNumber, priceUpdatedAt: null, atBlock: point,
  };
}
