import { parseAbiItem, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSybilCluster } from './sybilCluster.js';
import { startTestHarness, type TestHarness } from './testHarness.js';

const SEED = 9;
const TICKS = 10;
const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');
const swapEvent = parseAbiItem(
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
);

describe('createSybilCluster() on anvil', () => {
  let harness: TestHarness;
  const agent = createSybilCluster({ seed: SEED, chainId: 1 });
  const [funder, ...members] = agent.wallets.map((wallet) => wallet.address);

  beforeAll(async () => {
    harness = await startTestHarness({ seed: SEED, agents: [agent] });
    await harness.run(TICKS);
  });
  afterAll(() => harness?.stop());

  const client = () => harness.world.clients.publicClient;
  const ratio = (values: bigint[]) => Number(values.reduce((a, b) => (a > b ? a : b))) / Number(values.reduce((a, b) => (a < b ? a : b)));

  it('labels the cluster once: the funder, then its 20 members, over several blocks', async () => {
    expect(harness.rejected).toEqual([]);
    expect(harness.labels.map((label) => label.kind)).toEqual(['sybil_cluster']);
    const [label] = harness.labels;
    expect(label!.actors).toEqual(agent.wallets.map((wallet) => wallet.address.toLowerCase()));
    expect(members).toHaveLength(20);
    expect(label!.meta?.funder).toBe(funder!.toLowerCase());
    const receipts = await Promise.all(label!.txHashes.map((hash) => client().getTransactionReceipt({ hash })));
    expect(new Set(receipts.map((receipt) => receipt.blockNumber)).size).toBeGreaterThanOrEqual(3);
  });

  it('funded every member from the funder, with ETH and near-equal USDC transfers, and nothing else', async () => {
    const usdc = harness.deployment.tokens.find((token) => token.symbol === 'USDC')!.address;
    const fromBlock = BigInt(harness.deployment.deployedAtBlock);
    const inbound = await client().getLogs({ address: usdc, event: transferEvent, args: { to: members as Address[] }, fromBlock });
    expect(inbound.every((log) => log.args.from === funder)).toBe(true);
    expect(new Set(inbound.map((log) => log.args.to))).toEqual(new Set(members));
    expect(inbound).toHaveLength(members.length);
    expect(ratio(inbound.map((log) => log.args.value!))).toBeLessThan(1.07);
    const txs = await Promise.all(harness.labels[0]!.txHashes.map((hash) => client().getTransaction({ hash })));
    const ethFunding = txs.filter((tx) => tx.from.toLowerCase() === funder!.toLowerCase() && tx.value > 0n);
    expect(new Set(ethFunding.map((tx) => tx.to?.toLowerCase()))).toEqual(new Set(members.map((member) => member.toLowerCase())));
  });

  it('has the members act alike: one swap each into the same token, similar sizes, within three blocks', async () => {
    const label = harness.labels[0]!;
    const actionPair = label.targets[3] as Address;
    const swaps = await client().getLogs({ address: actionPair, event: swapEvent, args: { to: members as Address[] }, fromBlock: BigInt(harness.deployment.deployedAtBlock) });
    expect(new Set(swaps.map((log) => log.args.to))).toEqual(new Set(members));
    expect(swaps).toHaveLength(members.length);
    const blocks = swaps.map((log) => Number(log.blockNumber));
    expect(Math.max(...blocks) - Math.min(...blocks)).toBeLessThanOrEqual(2);
    expect(Math.max(...blocks)).toBe(label.block);
    // Every swap pays WETH into the pool and takes the action token out: same direction, similar size.
    const wethIn = swaps.map((log) => log.args.amount0In! + log.args.amount1In!);
    expect(ratio(wethIn)).toBeLessThan(1.25);
  });
});
