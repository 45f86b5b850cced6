import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toEventSelector, type Abi, type AbiEvent } from 'viem';
import { EVENT_DECODERS, INDEXED_EVENT_ABIS, INDEXED_TOPICS } from './eventDecoders.js';
import { DECODED_EVENT_KINDS } from './types.js';

const require = createRequire(import.meta.url);
const abiOf = (specifier: string) => (require(specifier) as { abi: Abi }).abi;

// The compiled contracts we index, from their npm packages: our hand-written signatures must match them exactly.
const ARTIFACTS = [
  '@uniswap/v2-core/build/UniswapV2ERC20.json',
  '@uniswap/v2-core/build/UniswapV2Factory.json',
  '@uniswap/v2-core/build/UniswapV2Pair.json',
  '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  '@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json',
  '@aave/core-v3/artifacts/contracts/mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json',
];
const artifactEvents = ARTIFACTS.flatMap((specifier) =>
  abiOf(specifier)
    .filter((item): item is AbiEvent => item.type === 'event')
    .map((event) => ({ specifier, event, topic0: toEventSelector(event) })),
);
const shape = (event: AbiEvent) => event.inputs.map((input) => [input.type, Boolean(input.indexed)]);

describe('event decoder registry', () => {
  it('has one decoder per kind and one distinct topic0 each', () => {
    expect([...EVENT_DECODERS.values()].map((d) => d.kind).sort()).toEqual([...DECODED_EVENT_KINDS].sort());
    expect(new Set(INDEXED_TOPICS).size).toBe(DECODED_EVENT_KINDS.length);
    expect(INDEXED_TOPICS.every((topic) => /^0x[0-9a-f]{64}$/.test(topic))).toBe(true);
  });

  it.each(INDEXED_EVENT_ABIS.map((abi) => [`${abi.name}(${abi.inputs.map((i) => i.type).join(',')})`, abi] as const))(
    '%s has the topic0 and indexed flags of the npm artifact',
    (_signature, abi) => {
      const match = artifactEvents.find((candidate) => candidate.topic0 === toEventSelector(abi));
      expect(match, 'no artifact emits this exact signature').toBeDefined();
      expect(shape(abi)).toEqual(shape(match!.event));
    },
  );

  it('knows the well-known topic0s', () => {
    expect(INDEXED_TOPICS).toContain('0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'); // Transfer
    expect(INDEXED_TOPICS).toContain('0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1'); // V2 Sync
    expect(INDEXED_TOPICS).toContain('0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822'); // V2 Swap
    expect(INDEXED_TOPICS).toContain('0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67'); // V3 Swap
    expect(INDEXED_TOPICS).toContain('0xe413a321e8681d831f4dbccbca790d2952b56f977908e45be37335533e005286'); // LiquidationCall
    expect(INDEXED_TOPICS).toContain('0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f'); // AnswerUpdated
  });
});
