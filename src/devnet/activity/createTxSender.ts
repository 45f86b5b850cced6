import type { Address, Hash, Hex, LocalAccount, PublicClient } from 'viem';

/** A transaction the activity loop signs locally and sends raw. */
export interface TxRequest {
  account: LocalAccount;
  to: Address;
  data?: Hex;
  value?: bigint;
  /** Gas limit, fixed per action so no `eth_estimateGas` runs against pending state. */
  gas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Signs and sends transactions with locally tracked nonces. */
export interface TxSender {
  /** Sets the base fee that `maxFeePerGas` (2 x base fee + tip) is derived from. */
  setBaseFee(baseFeePerGas: bigint): void;
  /** Signs `request` with the next nonce of its account and sends it; returns the hash. */
  send(request: TxRequest): Promise<Hash>;
  /** Forgets every tracked nonce (they are re-read from the node on next use). */
  resetNonces(): void;
  /**
   * Signs `requests` with consecutive nonces and sends them in request order, in one JSON-RPC batch when the
   * sender has a batching client (about ten times faster than one request each on anvil). Returns each hash,
   * or the error that refused it (that account's nonce is then re-read on next use). Optional: callers fall
   * back to `send` one by one.
   */
  sendMany?(requests: readonly TxRequest[]): Promise<(Hash | Error)[]>;
}

/** Options of {@link createTxSender}. */
export interface CreateTxSenderOptions {
  /** A client created with `http(url, { batch: true })`: `sendMany` sends through it as one batch. */
  batchClient?: PublicClient;
}

/**
 * Builds a {@link TxSender} for one chain. Nonces are read once (`pending`) then counted locally,
 * reserved synchronously so concurrent sends from one account get consecutive nonces;
 * a failed send forgets that account's nonce so the next send re-reads it.
 */
export function createTxSender(publicClient: PublicClient, chainId: number, options: CreateTxSenderOptions = {}): TxSender {
  const nonces = new Map<Address, Promise<number>>();
  const reserveNonce = (address: Address): Promise<number> => {
    const nonce = nonces.get(address) ?? publicClient.getTransactionCount({ address, blockTag: 'pending' });
    const following = nonce.then((value) => value + 1);
    following.catch(() => undefined); // a failed read surfaces through `nonce`; not twice
    nonces.set(address, following);
    return nonce;
  };
  let baseFeePerGas = 1_000_000_000n;
  const sign = async (request: TxRequest, nonce: number): Promise<Hex> =>
    request.account.signTransaction({
      chainId,
      type: 'eip1559',
      nonce,
      to: request.to,
      data: request.data,
      value: request.value ?? 0n,
      gas: request.gas,
      maxPriorityFeePerGas: request.maxPriorityFeePerGas,
      maxFeePerGas: baseFeePerGas * 2n + request.maxPriorityFeePerGas,
    });
  return {
    setBaseFee: (fee) => {
      baseFeePerGas = fee;
    },
    resetNonces: () => nonces.clear(),
    async send(request) {
      const address = request.account.address;
      try {
        const nonce = await reserveNonce(address);
        return await publicClient.sendRawTransaction({ serializedTransaction: await sign(request, nonce) });
      } catch (error) {
        nonces.delete(address);
        throw error;
      }
    },
    async sendMany(requests) {
      const client = options.batchClient ?? publicClient;
      const signed = await Promise.all(
        requests.map(async (request) => {
          try {
            return await sign(request, await reserveNonce(request.account.address));
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
      // Issued in one synchronous loop, so a batching client puts them in one request, in order.
      const sent = await Promise.allSettled(
        signed.map((raw) => (raw instanceof Error ? Promise.reject(raw) : client.sendRawTransaction({ serializedTransaction: raw }))),
      );
      return sent.map((result, index) => {
        if (result.status === 'fulfilled') return result.value;
        nonces.delete(requests[index]!.account.address);
        return result.reason instanceof Error ? result.reason : new Error(String(result.reason));
      });
    },
  };
}
