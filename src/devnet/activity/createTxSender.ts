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
}

/**
 * Builds a {@link TxSender} for one chain. Nonces are read once (`pending`) then counted locally,
 * reserved synchronously so concurrent sends from one account get consecutive nonces;
 * a failed send forgets that account's nonce so the next send re-reads it.
 */
export function createTxSender(publicClient: PublicClient, chainId: number): TxSender {
  const nonces = new Map<Address, Promise<number>>();
  const reserveNonce = (address: Address): Promise<number> => {
    const nonce = nonces.get(address) ?? publicClient.getTransactionCount({ address, blockTag: 'pending' });
    const following = nonce.then((value) => value + 1);
    following.catch(() => undefined); // a failed read surfaces through `nonce`; not twice
    nonces.set(address, following);
    return nonce;
  };
  let baseFeePerGas = 1_000_000_000n;
  return {
    setBaseFee: (fee) => {
      baseFeePerGas = fee;
    },
    resetNonces: () => nonces.clear(),
    async send(request) {
      const address = request.account.address;
      try {
        const nonce = await reserveNonce(address);
        const serialized = await request.account.signTransaction({
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
        return await publicClient.sendRawTransaction({ serializedTransaction: serialized });
      } catch (error) {
        nonces.delete(address);
        throw error;
      }
    },
  };
}
