import { decodeFunctionData, type Address, type Hash, type Hex } from 'viem';
import { routerSwapAbi } from './adversarialSwaps.js';

/** A pending transaction as the bot reads it from `txpool_content`, with its fee fields as bigints. */
export interface MempoolTx {
  hash: Hash;
  from: Address;
  to: Address | null;
  nonce: number;
  input: Hex;
  value: bigint;
  /** For a legacy transaction: its gas price. */
  maxFeePerGas: bigint;
  /** For a legacy transaction: its gas price. */
  maxPriorityFeePerGas: bigint;
}

/** What a pending swap commits to: an exact input with a minimum output, or an exact output with a maximum input. */
export type SwapLimit =
  | { kind: 'exactIn'; amountIn: bigint; amountOutMin: bigint }
  | { kind: 'exactOut'; amountOut: bigint; amountInMax: bigint };

/** A decoded pending Router02 swap. */
export interface PendingSwap {
  tx: MempoolTx;
  /** Token addresses from input to output. */
  path: readonly Address[];
  limit: SwapLimit;
}

interface RawMempoolTx {
  hash: Hash;
  from: Address;
  to?: Address | null;
  nonce: Hex | number;
  input: Hex;
  value?: Hex | bigint;
  gasPrice?: Hex | bigint;
  maxFeePerGas?: Hex | bigint;
  maxPriorityFeePerGas?: Hex | bigint;
}

/** The shape of `txpool_content` (geth and anvil): sender -> nonce -> transaction. */
export interface TxpoolContent {
  pending: Record<string, Record<string, unknown>>;
}

/** Flattens the `pending` part of `txpool_content`, sorted by sender then nonce (deterministic). */
export function listPendingTxs(content: TxpoolContent): MempoolTx[] {
  const txs = Object.values(content.pending).flatMap((byNonce) => Object.values(byNonce).map((raw) => parseTx(raw as RawMempoolTx)));
  return txs.sort((a, b) => a.from.toLowerCase().localeCompare(b.from.toLowerCase()) || a.nonce - b.nonce);
}

function parseTx(raw: RawMempoolTx): MempoolTx {
  const gasPrice = raw.gasPrice === undefined ? 0n : BigInt(raw.gasPrice);
  const maxFeePerGas = raw.maxFeePerGas === undefined ? gasPrice : BigInt(raw.maxFeePerGas);
  return {
    hash: raw.hash,
    from: raw.from,
    to: raw.to ?? null,
    nonce: Number(raw.nonce),
    input: raw.input,
    value: raw.value === undefined ? 0n : BigInt(raw.value),
    maxFeePerGas,
    maxPriorityFeePerGas: raw.maxPriorityFeePerGas === undefined ? maxFeePerGas : BigInt(raw.maxPriorityFeePerGas),
  };
}

/** Decodes a Router02 swap sent to `router`; undefined for any other call. */
export function decodeRouterSwap(tx: MempoolTx, router: Address): PendingSwap | undefined {
  if (tx.to?.toLowerCase() !== router.toLowerCase()) return undefined;
  let decoded;
  try {
    decoded = decodeFunctionData({ abi: routerSwapAbi, data: tx.input });
  } catch {
    return undefined;
  }
  switch (decoded.functionName) {
    case 'swapExactTokensForTokens':
    case 'swapExactTokensForETH': {
      const [amountIn, amountOutMin, path] = decoded.args;
      return { tx, path, limit: { kind: 'exactIn', amountIn, amountOutMin } };
    }
    case 'swapExactETHForTokens': {
      const [amountOutMin, path] = decoded.args;
      return { tx, path, limit: { kind: 'exactIn', amountIn: tx.value, amountOutMin } };
    }
    case 'swapTokensForExactTokens':
    case 'swapTokensForExactETH': {
      const [amountOut, amountInMax, path] = decoded.args;
      return { tx, path, limit: { kind: 'exactOut', amountOut, amountInMax } };
    }
    case 'swapETHForExactTokens': {
      const [amountOut, path] = decoded.args;
      return { tx, path, limit: { kind: 'exactOut', amountOut, amountInMax: tx.value } };
    }
    default:
      return assertNever(decoded);
  }
}

/**
 * The effective tip a transaction pays in a block with base fee `baseFeePerGas`
 * (min(maxPriorityFeePerGas, maxFeePerGas - baseFeePerGas)); negative when it cannot be included.
 */
export function effectiveTip(tx: Pick<MempoolTx, 'maxFeePerGas' | 'maxPriorityFeePerGas'>, baseFeePerGas: bigint): bigint {
  const headroom = tx.maxFeePerGas - baseFeePerGas;
  return headroom < tx.maxPriorityFeePerGas ? headroom : tx.maxPriorityFeePerGas;
}

/** EIP-1559 base fee of the block after `parent` (elasticity 2, max change 1/8). */
export function nextBaseFee(parent: { baseFeePerGas: bigint | null; gasUsed: bigint; gasLimit: bigint }): bigint {
  const baseFee = parent.baseFeePerGas ?? 0n;
  const target = parent.gasLimit / 2n;
  if (target === 0n || parent.gasUsed === target) return baseFee;
  if (parent.gasUsed > target) {
    const delta = (baseFee * (parent.gasUsed - target)) / target / 8n;
    return baseFee + (delta > 0n ? delta : 1n);
  }
  return baseFee - (baseFee * (target - parent.gasUsed)) / target / 8n;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled router function ${JSON.stringify(value)}`);
}
