/** A token's USD price as of a block. */
export interface PricePoint {
  blockNumber: number;
  priceUsd: number;
}

/**
 * The price in force at `blockNumber`: the last point at or before it (binary search).
 * @param points Ascending by `blockNumber` (not re-checked here; `priceSwaps` checks once per token).
 * @returns null when every point is after the block (no price yet).
 */
export function getPriceAtBlock(points: readonly PricePoint[], blockNumber: number): number | null {
  let low = 0;
  let high = points.length - 1;
  let found: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const point = points[middle];
    if (point && point.blockNumber <= blockNumber) {
      found = point.priceUsd;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
