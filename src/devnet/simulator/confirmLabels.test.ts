import type { Hash, TransactionReceipt } from 'viem';
import { describe, expect, it } from 'vitest';
import { confirmLabels } from './confirmLabels.js';
import type { PendingLabel } from './types.js';

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash;
const receipt = (n: number, blockNumber: bigint, status: 'success' | 'reverted' = 'success') =>
  ({ transactionHash: hash(n), blockNumber, status }) as TransactionReceipt;
const pending = (txs: number[], extra: Partial<PendingLabel> = {}): PendingLabel => ({
  kind: 'arbitrage',
  txHashes: txs.map(hash),
  actors: ['0xAbC0000000000000000000000000000000000001'],
  targets: ['0xDeF0000000000000000000000000000000000002'],
  amounts: { amountInRaw: '10' },
  ...extra,
});

async function confirm(labels: PendingLabel[], receipts: TransactionReceipt[], elsewhere: TransactionReceipt[] = []) {
  return confirmLabels({
    chainId: 1,
    blockNumber: 10n,
    receipts,
    pending: labels,
    getReceipt: async (h) => elsewhere.find((r) => r.transactionHash === h),
  });
}

describe('confirmLabels()', () => {
  it('keeps a label whose transactions all succeeded in the block, with lowercase addresses and fixed key order', async () => {
    const { labels, dropped } = await confirm([pending([1, 2], { meta: { legs: 2 } })], [receipt(1, 10n), receipt(2, 10n)]);
    expect(dropped).toEqual([]);
    expect(JSON.stringify(labels[0])).toBe(
      JSON.stringify({
        chainId: 1, block: 10, kind: 'arbitrage', txHashes: [hash(1), hash(2)],
        actors: ['0xabc0000000000000000000000000000000000001'], targets: ['0xdef0000000000000000000000000000000000002'],
        amounts: { amountInRaw: '10' }, meta: { legs: 2 },
      }),
    );
  });

  it('drops a label with a reverted or missing transaction, unless allowed', async () => {
    const reverted = [receipt(1, 10n), receipt(2, 10n, 'reverted')];
    expect((await confirm([pending([1, 2])], reverted)).labels).toEqual([]);
    expect((await confirm([pending([1, 2], { allowReverted: true })], reverted)).labels).toHaveLength(1);
    expect((await confirm([pending([1, 3])], reverted)).dropped).toHaveLength(1);
  });

  it('accepts earlier blocks for spansBlocks labels and reports the last block', async () => {
    const earlier = [receipt(5, 7n), receipt(6, 9n)];
    expect((await confirm([pending([5, 6, 1])], [receipt(1, 10n)], earlier)).labels).toEqual([]);
    const { labels } = await confirm([pending([5, 6, 1], { spansBlocks: true })], [receipt(1, 10n)], earlier);
    expect(labels[0]).toMatchObject({ block: 10 });
    expect(labels[0]).not.toHaveProperty('spansBlocks');
  });
});
