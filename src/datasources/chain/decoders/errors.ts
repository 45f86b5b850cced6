import { BaseError } from '../../../errors/baseError.js';

/** Why a log with one of our topic0s could not be decoded. */
export type UndecodableLogReason =
  /** No block number, block hash, tx hash or log index (a pending log), or they are malformed. */
  | 'position'
  /** The emitter, a topic or the data is not well-formed hex. */
  | 'encoding'
  /** Not as many topics as the event has indexed parameters (plus topic0). */
  | 'topic-count'
  /** The data is shorter than the non-indexed parameters, or a value does not decode (e.g. a bool that is 2). */
  | 'data'
  /** A decoded small integer (tick, fee, mode) is outside its Solidity type. */
  | 'value-range';

/**
 * A log carries the topic0 of an event we index but does not fit its layout: a non-standard token, a contract
 * that reuses an event name with other indexed flags, or a malformed RPC answer. Not retryable: the log is skipped.
 */
export class UndecodableLogError extends BaseError {
  override name = 'UndecodableLogError' as const;
  readonly reason: UndecodableLogReason;
  readonly topic0: string | undefined;

  constructor(reason: UndecodableLogReason, shortMessage: string, params: { topic0?: string; details?: string; cause?: unknown } = {}) {
    super(shortMessage, { details: params.details, cause: params.cause, retryable: false });
    this.reason = reason;
    this.topic0 = params.topic0;
  }
}
