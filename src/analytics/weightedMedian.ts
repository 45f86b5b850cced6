/** A value and its weight. */
export interface WeightedValue {
  value: number;
  weight: number;
}

/**
 * The weighted median: the value at which half the total weight lies on each side (the mean of the two middle
 * values when the cumulative weight lands exactly on half). Items with weight <= 0 are ignored.
 * @returns null when no item has a positive weight.
 */
export function weightedMedian(items: readonly WeightedValue[]): number | null {
  const sorted = items.filter((item) => item.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return null;
  let cumulative = 0;
  for (const [index, item] of sorted.entries()) {
    cumulative += item.weight;
    if (cumulative * 2 > total) return item.value;
    if (cumulative * 2 === total) return (item.value + (sorted[index + 1]?.value ?? item.value)) / 2;
  }
  return sorted[sorted.length - 1]?.value ?? null;
}
