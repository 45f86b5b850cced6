import { BaseError, type BaseErrorParameters } from '../../errors/baseError.js';

/** Thrown when Uniswap V3 devnet deployment or trading cannot proceed (bad input, reverted tx, bad artifact). */
export class UniswapV3Error extends BaseError {
  override name = 'UniswapV3Error' as const;

  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    super(shortMessage, params);
  }
}
