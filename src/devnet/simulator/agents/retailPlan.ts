import type { Random } from '../../utils/random.js';

/** What a retail trader intends to do this block; amounts are resolved later against chain state. */
export type RetailIntent =
  | { kind: 'swap'; trader: number; pair: number; directionRoll: number; sizeRoll: number; tipRoll: number }
  | { kind: 'swapV3'; trader: number; pool: number; directionRoll: number; sizeRoll: number; tipRoll: number }
  | { kind: 'transfer'; trader: number; token: number; recipient: number; sizeRoll: number; tipRoll: number }
  | { kind: 'wrap'; trader: number; sizeRoll: number; tipRoll: number }
  | { kind: 'unwrap'; trader: number; sizeRoll: number; tipRoll: number };

/** Relative frequency of each action (V3 swaps only when V3 pools exist). */
export const RETAIL_ACTION_WEIGHTS = { swap: 0.36, swapV3: 0.24, transfer: 0.28, wrap: 0.08, unwrap: 0.04 } as const;

/** Sizes of the universe a tick draws from. */
export interface PlanRetailTickParameters {
  traderCount: number;
  tokenCount: number;
  pairCount: number;
  /** Uniswap V3 pools; 0 disables V3 swaps. Default 0. */
  v3PoolCount?: number;
  /** Inclusive range of transactions per block. */
  txPerBlock: { min: number; max: number };
}

/**
 * Draws this block's intents from `random` alone (no chain reads), each by a distinct trader,
 * so the same seed always plans the same actions.
 */
export function planRetailTick(random: Random, params: PlanRetailTickParameters): RetailIntent[] {
  const count = random.int(params.txPerBlock.min, Math.min(params.txPerBlock.max, params.traderCount));
  const traders = random.sample([...Array(params.traderCount).keys()], count);
  const v3PoolCount = params.v3PoolCount ?? 0;
  const weights = v3PoolCount > 0 ? RETAIL_ACTION_WEIGHTS : { ...RETAIL_ACTION_WEIGHTS, swapV3: 0 };
  return traders.map((trader): RetailIntent => {
    const kind = random.weighted(weights);
    const sizeRoll = random.next();
    const tipRoll = random.next();
    switch (kind) {
      case 'swap':
        return { kind, trader, pair: random.int(0, params.pairCount - 1), directionRoll: random.next(), sizeRoll, tipRoll };
      case 'swapV3':
        return { kind, trader, pool: random.int(0, v3PoolCount - 1), directionRoll: random.next(), sizeRoll, tipRoll };
      case 'transfer': {
        // Any trader but the sender.
        const other = random.int(0, params.traderCount - 2);
        const recipient = other >= trader ? other + 1 : other;
        return { kind, trader, token: random.int(0, params.tokenCount - 1), recipient, sizeRoll, tipRoll };
      }
      case 'wrap':
      case 'unwrap':
        return { kind, trader, sizeRoll, tipRoll };
      default: {
        const exhaustive: never = kind;
        throw new Error(`Unknown action ${String(exhaustive)}`);
      }
    }
  });
}
