import { BaseError } from '../../errors/baseError.js';

/** A reorg replaced more blocks than the chain's finality depth allows: the chain stops until an operator acts. */
export class ReorgTooDeepError extends BaseError {
  override name = 'ReorgTooDeepError' as const;
  constructor(chainId: number, finalityDepth: number) {
    super(`Reorg on chain ${chainId} replaces more than ${finalityDepth} blocks (its finality depth); the follower stopped`);
  }
}

/** The RPC serves a different chain than the one stored (genesis hash differs). */
export class ChainMismatchError extends BaseError {
  override name = 'ChainMismatchError' as const;
  constructor(chainId: number, stored: string, served: string) {
    super(`Chain ${chainId}: stored genesis ${stored} differs from the RPC's ${served}; check the RPC URL or reset the chain's data`);
  }
}
