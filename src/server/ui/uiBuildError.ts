import { BaseError, type BaseErrorParameters } from '../../errors/baseError.js';

/** The playground/dashboard bundle could not be built; the API keeps serving, the pages answer 503. */
export class UiBuildError extends BaseError {
  override name = 'UiBuildError';

  constructor(shortMessage: string, params: BaseErrorParameters = {}) {
    super(shortMessage, params);
  }
}
