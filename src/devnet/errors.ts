import { BaseError, type BaseErrorParameters } from '../errors/baseError.js';

/** No anvil binary could be found in the `@foundry-rs/anvil-<platform>-<arch>` packages. */
export class AnvilNotFoundError extends BaseError {
  override name = 'AnvilNotFoundError' as const;
  constructor(params: BaseErrorParameters = {}) {
    super('Could not find an anvil binary (install @foundry-rs/anvil for this platform).', params);
  }
}

/** The anvil child process exited, or did not answer, before it was ready. */
export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError' as const;
  constructor(params: BaseErrorParameters = {}) {
    super('anvil failed to start.', { retryable: true, ...params });
  }
}

/** An artifact file is missing or has no ABI/bytecode. */
export class ArtifactNotFoundError extends BaseError {
  override name = 'ArtifactNotFoundError' as const;
  constructor(specifier: string, params: BaseErrorParameters = {}) {
    super(`Contract artifact "${specifier}" was not found or is not deployable.`, params);
  }
}

/** A library referenced by `linkReferences` was not given an address. */
export class ArtifactLinkError extends BaseError {
  override name = 'ArtifactLinkError' as const;
  constructor(library: string, params: BaseErrorParameters = {}) {
    super(`Library "${library}" must be linked but no address was given.`, params);
  }
}

/** A devnet transaction (deployment or setup call) was mined but reverted. */
export class DevnetTransactionError extends BaseError {
  override name = 'DevnetTransactionError' as const;
  constructor(label: string, params: BaseErrorParameters = {}) {
    super(`Devnet transaction "${label}" failed.`, params);
  }
}

/** The Uniswap V2 router's hard-coded pair init code hash does not match the deployed factory. */
export class InitCodeHashMismatchError extends BaseError {
  override name = 'InitCodeHashMismatchError' as const;
  constructor(params: BaseErrorParameters = {}) {
    super("UniswapV2Router02's pair init code hash does not match the factory's pair bytecode.", params);
  }
}

/** A devnet CLI flag is unknown or has an invalid value. */
export class DevnetCliArgumentError extends BaseError {
  override name = 'DevnetCliArgumentError' as const;
}

/** `startDevnet` options are inconsistent (e.g. a chain id twice). */
export class InvalidDevnetOptionsError extends BaseError {
  override name = 'InvalidDevnetOptionsError' as const;
}
