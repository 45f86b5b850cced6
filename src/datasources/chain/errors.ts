import { BaseError } from '../../errors/baseError.js';

/** An RPC call failed (network, timeout, 429, server error): retrying may succeed. */
export class RpcRequestError extends BaseError {
  override name = 'RpcRequestError' as const;
  constructor(shortMessage: string, cause?: unknown) {
    super(shortMessage, { cause, retryable: true });
  }
}

/** An RPC answered with something that is not a valid response: it is rejected, never stored. */
export class MalformedRpcResponseError extends BaseError {
  override name = 'MalformedRpcResponseError' as const;
  constructor(shortMessage: string, details?: string) {
    super(shortMessage, { details, retryable: true });
  }
}
