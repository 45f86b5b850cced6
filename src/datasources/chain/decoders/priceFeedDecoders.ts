import { parseAbiItem } from 'viem';
import { defineEventDecoder } from './defineEventDecoder.js';

/** Chainlink aggregator `AnswerUpdated` (also emitted by Aave's MockAggregator). */
export const answerUpdatedAbi = parseAbiItem('event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)');

/** Decoder of `AnswerUpdated`. */
export const answerUpdatedDecoder = defineEventDecoder('priceFeedAnswerUpdated', answerUpdatedAbi, (args, position) => ({
  kind: 'priceFeedAnswerUpdated',
  ...position,
  answer: args.current,
  roundId: args.roundId,
  updatedAtSec: args.updatedAt,
}));
