import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, encodeEventTopics, pad, toHex, type Hex } from 'viem';
import { aaveV3RepayAbi } from './aaveV3Decoders.js';
import { decodeLog } from './decodeLog.js';
import { erc20TransferAbi } from './erc20Decoders.js';
import { UndecodableLogError, type UndecodableLogReason } from './errors.js';
import { answerUpdatedAbi } from './priceFeedDecoders.js';
import { tryDecodeLog } from './tryDecodeLog.js';
import type { RawLog } from './types.js';
import { uniswapV2SyncAbi } from './uniswapV2Decoders.js';
import { uniswapV3SwapAbi } from './uniswapV3Decoders.js';

// The repo is /work/main and the shared data /work/shared: `../shared` from the repo root.
const REPO_ROOT = new URL('../../../../', import.meta.url);
const FIXTURE = fileURLToPath(new URL('../shared/data/mainnet/event-logs/mainnet_raw_logs_with_decoded.json', REPO_ROOT));

interface Fixture {
  raw_log: { blockHash: Hex; blockNumber: number; transactionHash: Hex; logIndex: number; address: Hex; topics: Hex[]; data: Hex };
  event: string;
  decoded_by_collector: Record<string, string | number | boolean>;
}

const fixtures = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { logs: Fixture[] }).logs;
const toRawLog = ({ raw_log: r }: Fixture): RawLog => ({ ...r, blockNumber: BigInt(r.blockNumber) });
const fixture = (prefix: string) => {
  const found = fixtures.find((f) => f.event.startsWith(prefix));
  if (!found) throw new Error(`no fixture ${prefix}`);
  return found;
};

describe('decodeLog() on real mainnet logs', () => {
  it('decodes a DAI ERC-20 Transfer like the collector did, with the log position', () => {
    const f = fixture('Transfer(');
    expect(decodeLog(toRawLog(f), 1)).toEqual({
      kind: 'erc20Transfer',
      chainId: 1,
      blockNumber: 14803804,
      blockHash: f.raw_log.blockHash,
      txHash: f.raw_log.transactionHash,
      logIndex: 472,
      address: '0x6b175474e89094c44da98b954eedeac495271d0f',
      from: f.decoded_by_collector.from,
      to: f.decoded_by_collector.to,
      value: BigInt(f.decoded_by_collector.value as string),
    });
  });

  it('decodes a Uniswap V2 Swap like the collector did', () => {
    const f = fixture('UniswapV2 Swap');
    const d = f.decoded_by_collector;
    expect(decodeLog(toRawLog(f), 1)).toMatchObject({
      kind: 'uniswapV2Swap',
      address: '0x0d4a11d5eeaac28ec3f61d100daf4d40471f1852',
      sender: d.sender,
      to: d.to,
      amount0In: BigInt(d.amount0In as string),
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: BigInt(d.amount1Out as string),
    });
  });

  it('decodes a Uniswap V3 Swap with a negative amount0 and a positive tick', () => {
    const f = fixture('UniswapV3 Swap');
    const d = f.decoded_by_collector;
    const event = decodeLog(toRawLog(f), 1);
    expect(event).toMatchObject({
      kind: 'uniswapV3Swap',
      address: '0x99ac8ca7087fa4a2a1fb6357269965a2014abc35',
      sender: d.sender,
      recipient: d.recipient,
      amount0: -170_341_952n,
      amount1: BigInt(d.amount1 as string),
      sqrtPriceX96: BigInt(d.sqrtPriceX96 as string),
      liquidity: BigInt(d.liquidity as string),
      tick: d.tick,
    });
    expect(String(d.amount0)).toBe('-170341952');
  });

  it('decodes the Aave V2 LiquidationCall with the V3 decoder (same layout)', () => {
    const f = fixture('Aave V2/V3 LiquidationCall');
    const d = f.decoded_by_collector;
    expect(decodeLog(toRawLog(f), 1)).toMatchObject({
      kind: 'aaveV3LiquidationCall',
      address: '0x7d2768de32b0b80b7a3454c06bdac94a69ddc7a9',
      collateralAsset: d.collateralAsset,
      debtAsset: d.debtAsset,
      user: d.user,
      debtToCover: BigInt(d.debtToCover as string),
      liquidatedCollateralAmount: BigInt(d.liquidatedCollateralAmount as string),
      liquidator: d.liquidator,
      receiveAToken: true,
    });
  });

  it.each(['BalancerV2 InternalBalanceChanged', 'BalancerV2 Swap', 'CompoundV2 RepayBorrow', 'CompoundV2 LiquidateBorrow'])(
    'ignores %s (not an event we index)',
    (prefix) => {
      expect(tryDecodeLog(toRawLog(fixture(prefix)), 1)).toEqual({ status: 'ignored', reason: 'unknown-topic' });
    },
  );
});

// A well-formed base log; the table below breaks one thing at a time.
const position = {
  blockNumber: 100n,
  blockHash: `0x${'aa'.repeat(32)}`,
  transactionHash: `0x${'bb'.repeat(32)}`,
  logIndex: 3,
  address: '0x6B175474E89094C44Da98b954EedeAC495271d0F',
} as const satisfies Partial<RawLog>;
const from = '0x00000000000000000000000000000000000000a1';
const to = '0x00000000000000000000000000000000000000b2';
const transferTopics = encodeEventTopics({ abi: [erc20TransferAbi], args: { from, to } }) as Hex[];
const transfer: RawLog = { ...position, topics: transferTopics, data: encodeAbiParameters([{ type: 'uint256' }], [5n]) };
const word = (value: bigint) => pad(toHex(value), { size: 32 });
const v3SwapTopics = encodeEventTopics({ abi: [uniswapV3SwapAbi], args: { sender: from, recipient: to } }) as Hex[];
const v3SwapData = (tickWord: Hex): Hex => `0x${[word(1n), word(2n), word(3n), word(4n), tickWord].map((w) => w.slice(2)).join('')}` as Hex;
const signedWord = (value: bigint) => encodeAbiParameters([{ type: 'int256' }], [value]);

describe('tryDecodeLog() on malformed logs', () => {
  it.each<[string, Partial<RawLog>, UndecodableLogReason]>([
    ['a Transfer with only topic0 and from', { topics: transferTopics.slice(0, 2) }, 'topic-count'],
    ['a Transfer with 16 bytes of data', { data: `0x${'00'.repeat(16)}` }, 'data'],
    ['a Transfer with no data', { data: '0x' }, 'data'],
    ['a Sync with one reserve', { topics: encodeEventTopics({ abi: [uniswapV2SyncAbi] }) as Hex[], data: word(1n) }, 'data'],
    ['a Sync with a reserve above uint112', { topics: encodeEventTopics({ abi: [uniswapV2SyncAbi] }) as Hex[], data: `0x${word(2n ** 112n).slice(2)}${word(1n).slice(2)}` }, 'value-range'],
    ['a V3 Swap whose tick word is 2^30 (not an int24)', { topics: v3SwapTopics, data: v3SwapData(word(2n ** 30n)) }, 'value-range'],
    ['a V3 Swap whose tick word is 2^200', { topics: v3SwapTopics, data: v3SwapData(word(2n ** 200n)) }, 'data'],
    ['a Repay whose bool is 2', { topics: encodeEventTopics({ abi: [aaveV3RepayAbi], args: { reserve: from, user: to, repayer: to } }) as Hex[], data: `0x${word(1n).slice(2)}${word(2n).slice(2)}` }, 'data'],
    ['a pending log', { blockNumber: null, blockHash: null, logIndex: null }, 'position'],
    ['a block number beyond 2^53', { blockNumber: 2n ** 60n }, 'position'],
    ['a short block hash', { blockHash: '0x1234' }, 'position'],
    ['a malformed emitter', { address: '0x1234' }, 'encoding'],
    ['a 31-byte topic', { topics: [transferTopics[0]!, `0x${'00'.repeat(31)}`, transferTopics[2]!] }, 'encoding'],
    ['odd-length data', { data: '0x123' }, 'encoding'],
  ])('reports %s as undecodable', (_case, patch, reason) => {
    const log = { ...transfer, ...patch };
    const result = tryDecodeLog(log, 1);
    expect(result.status).toBe('undecodable');
    if (result.status !== 'undecodable') return;
    expect(result.error).toBeInstanceOf(UndecodableLogError);
    expect(result.error.reason).toBe(reason);
    expect(result.error.retryable).toBe(false);
    expect(result.error.details).toContain('logIndex');
    expect(decodeLog(log, 1)).toBeNull();
  });

  it('ignores an ERC-721 Transfer (same topic0, tokenId indexed as a 4th topic, no data)', () => {
    const log = { ...transfer, topics: [...transferTopics, word(42n)], data: '0x' as const };
    expect(tryDecodeLog(log, 1)).toEqual({ status: 'ignored', reason: 'erc721-transfer' });
    expect(decodeLog(log, 1)).toBeNull();
  });

  it.each<[string, readonly Hex[]]>([
    ['no topics (anonymous event)', []],
    ['an unknown topic0', [`0x${'12'.repeat(32)}`]],
  ])('ignores a log with %s', (_case, topics) => {
    expect(tryDecodeLog({ ...transfer, topics }, 1)).toEqual({ status: 'ignored', reason: 'unknown-topic' });
  });

  it('decodes upper-case hex and trailing extra data, lowercasing every address and hash', () => {
    const upper = { ...transfer, topics: transfer.topics.map((t) => t.toUpperCase().replace('0X', '0x') as Hex), blockHash: position.blockHash.toUpperCase().replace('0X', '0x') as Hex };
    const event = decodeLog({ ...upper, data: `${transfer.data}${'00'.repeat(32)}` }, 5);
    expect(event).toMatchObject({ kind: 'erc20Transfer', chainId: 5, from, to, value: 5n, address: position.address.toLowerCase(), blockHash: position.blockHash });
  });

  it('decodes a negative AnswerUpdated from its indexed int256 topic', () => {
    const topics = encodeEventTopics({ abi: [answerUpdatedAbi], args: { current: -123_456n, roundId: 7n } }) as Hex[];
    expect(topics[1]).toBe(signedWord(-123_456n));
    expect(decodeLog({ ...transfer, topics, data: word(1_700_000_000n) }, 1)).toMatchObject({
      kind: 'priceFeedAnswerUpdated',
      answer: -123_456n,
      roundId: 7n,
      updatedAtSec: 1_700_000_000n,
    });
  });

  it('never throws, even on a log that lies about its types', () => {
    const hostile = { ...transfer, topics: [transferTopics[0]!, 42, null], data: 7 } as unknown as RawLog;
    expect(() => tryDecodeLog(hostile, 1)).not.toThrow();
    expect(tryDecodeLog(hostile, 1).status).toBe('undecodable');
    for (const topics of [[42], null, 'x']) {
      expect(tryDecodeLog({ ...transfer, topics } as unknown as RawLog, 1)).toEqual({ status: 'ignored', reason: 'unknown-topic' });
    }
  });
});
