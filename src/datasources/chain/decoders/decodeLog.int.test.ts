import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { startAnvil, type Anvil } from '../../../devnet/anvil/startAnvil.js';
import { runDefiScenario, type DefiScenario } from '../../../../test/helpers/defiScenario/defiScenario.js';
import { getIndexedLogs } from './getIndexedLogs.js';
import { tryDecodeLog, type DecodeLogResult } from './tryDecodeLog.js';
import { DECODED_EVENT_KINDS, type DecodedEvent, type RawLog, type UniswapV3PoolCreatedEvent } from './types.js';

const CHAIN_ID = 1337;
let anvil: Anvil;
let scenario: DefiScenario;
let logs: RawLog[];
let results: DecodeLogResult[];
let events: DecodedEvent[];

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID });
  scenario = await runDefiScenario({ rpcUrl: anvil.rpcUrl, chainId: CHAIN_ID });
  logs = await getIndexedLogs(scenario.clients.publicClient, { fromBlock: 0n, toBlock: BigInt(scenario.phaseEndBlocks.aaveV3) });
  results = logs.map((log) => tryDecodeLog(log, CHAIN_ID));
  events = results.flatMap((result) => (result.status === 'decoded' ? [result.event] : []));
});

afterAll(async () => {
  await anvil?.stop();
});

describe('decoding the logs of real Uniswap V2/V3 and Aave V3 contracts on anvil', () => {
  it('decodes every log with an indexed topic0 except the ERC-721 Transfers of position NFTs', () => {
    const undecodable = results.flatMap((r) => (r.status === 'undecodable' ? [r.error.message] : []));
    expect(undecodable).toEqual([]);
    const ignored = logs.filter((_log, i) => results[i]!.status === 'ignored');
    expect(ignored.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'ignored')).toEqual(ignored.map(() => ({ status: 'ignored', reason: 'erc721-transfer' })));
    expect(new Set(ignored.map((log) => log.transactionHash))).toEqual(new Set(scenario.erc721MintTxHashes));
  });

  it('emits every kind we index, and the scenario checks every kind', () => {
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(DECODED_EVENT_KINDS));
    expect(new Set(scenario.expected.map((e) => e.kind))).toEqual(new Set(DECODED_EVENT_KINDS));
  });

  it('decodes what each action did: amounts, addresses, signed V3 amounts, liquidation fields', () => {
    expect(scenario.expected.length).toBeGreaterThan(30);
    for (const expected of scenario.expected) {
      const candidates = events.filter((e) => e.kind === expected.kind && e.address === expected.address);
      expect(candidates, `${expected.kind} at ${expected.address}`).toContainEqual(expect.objectContaining(expected));
    }
  });

  it('gives V3 swaps opposite signs: the token sold is positive, the token bought negative', () => {
    const swaps = events.filter((e) => e.kind === 'uniswapV3Swap');
    expect(swaps).toHaveLength(2);
    const [first, second] = swaps;
    expect(first!.amount0 * first!.amount1).toBeLessThan(0n);
    expect(second!.amount0 * second!.amount1).toBeLessThan(0n);
    expect(Math.sign(Number(first!.amount0))).toBe(-Math.sign(Number(second!.amount0)));
  });

  it('stamps each event with its log position, lowercase, matching the chain', async () => {
    for (const [i, log] of logs.entries()) {
      const result = results[i]!;
      if (result.status !== 'decoded') continue;
      expect(result.event).toMatchObject({
        chainId: CHAIN_ID,
        blockNumber: Number(log.blockNumber),
        blockHash: log.blockHash!.toLowerCase(),
        txHash: log.transactionHash!.toLowerCase(),
        logIndex: log.logIndex,
        address: log.address.toLowerCase(),
      });
    }
    const liquidation = events.find((e) => e.kind === 'aaveV3LiquidationCall')!;
    const block = await scenario.clients.publicClient.getBlock({ blockNumber: BigInt(liquidation.blockNumber) });
    expect(liquidation.blockHash).toBe(block.hash);
  });

  it('getIndexedLogs() narrows by emitter and by block hash', async () => {
    const created = events.find((e): e is UniswapV3PoolCreatedEvent => e.kind === 'uniswapV3PoolCreated')!;
    const range = { fromBlock: 0n, toBlock: BigInt(scenario.phaseEndBlocks.aaveV3) };
    const byPool = await getIndexedLogs(scenario.clients.publicClient, { ...range, address: created.pool as Hex });
    expect(byPool.map((log) => log.address.toLowerCase())).toEqual(events.filter((e) => e.address === created.pool).map(() => created.pool));
    expect(byPool.length).toBeGreaterThanOrEqual(6); // Initialize, Mint, 2 Swaps, Burns, Collect
    const swap = events.find((e) => e.kind === 'uniswapV2Swap')!;
    const inBlock = await getIndexedLogs(scenario.clients.publicClient, { blockHash: swap.blockHash as Hex });
    expect(inBlock.map((log) => Number(log.blockNumber))).toEqual(inBlock.map(() => swap.blockNumber));
    expect(inBlock.some((log) => log.logIndex === swap.logIndex)).toBe(true);
  });
});
