import { BaseError, type BaseErrorParameters } from '../../errors/baseError.js';

/** Thrown when Aave V3 devnet deployment or an action cannot proceed (bad input, reverted tx, bad artifact). */
export class AaveV3Error extends BaseError {
  override name = 'AaveV3Error' as const;

  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    super(shortMessage, params);
  }
}
