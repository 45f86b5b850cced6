import { BaseError } from '../errors/baseError.js';

/** A configuration value is missing or malformed; start-up stops with one line naming the variable. */
export class ConfigError extends BaseError {
  override name = 'ConfigError' as const;
  readonly variable: string;

  constructor(variable: string, expected: string, received?: string) {
    super(`${variable} is invalid: expected ${expected}${received === undefined ? '' : `, got "${received}"`}`);
    this.variable = variable;
  }
}
