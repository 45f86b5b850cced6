import { Entity } from 'typeorm';
import { AmountColumn, EventRowBase, type EventRow } from './eventRow.js';

/** Chainlink-style `AnswerUpdated` logs; `address` is the aggregator. */
@Entity({ name: 'price_feed_answers' })
export class PriceFeedAnswerEntity extends EventRowBase implements EventRow<'priceFeedAnswerUpdated'> {
  @AmountColumn('answer')
  answer: bigint;

  @AmountColumn('round_id')
  roundId: bigint;

  @AmountColumn('updated_at_sec')
  updatedAtSec: bigint;
}
