import { describe, expect, it } from 'vitest';
import { linkBytecode, loadArtifact, needsLinking } from './artifacts.js';
import { ArtifactLinkError, ArtifactNotFoundError } from './errors.js';
import { assertRouterInitCodeHash } from './protocols/uniswapV2.js';

const AAVE_POOL = '@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json';

describe('loadArtifact()', () => {
  it('reads a Waffle artifact (bytecode without 0x) as 0x-prefixed', () => {
    const weth = loadArtifact('@uniswap/v2-periphery/build/WETH9.json');
    expect(weth.contractName).toBe('WETH9');
    expect(weth.bytecode.startsWith('0x60')).toBe(true);
    expect(weth.abi.some((item) => item.type === 'function' && item.name === 'deposit')).toBe(true);
    expect(needsLinking(weth)).toBe(false);
  });

  it('reads a Hardhat artifact with its link references', () => {
    const pool = loadArtifact(AAVE_POOL);
    expect(pool.contractName).toBe('Pool');
    expect(needsLinking(pool)).toBe(true);
  });

  it('throws ArtifactNotFoundError for a missing file', () => {
    expect(() => loadArtifact('@uniswap/v2-core/build/Nope.json')).toThrow(ArtifactNotFoundError);
  });

  it('throws ArtifactNotFoundError for an interface (no bytecode)', () => {
    expect(() => loadArtifact('@aave/core-v3/artifacts/contracts/interfaces/IPool.sol/IPool.json')).toThrow(ArtifactNotFoundError);
  });
});

describe('linkBytecode()', () => {
  it('writes each library address at every referenced byte offset', () => {
    const pool = loadArtifact(AAVE_POOL);
    const libraries: Record<string, `0x${string}`> = {};
    let i = 1;
    for (const byName of Object.values(pool.linkReferences)) {
      for (const name of Object.keys(byName)) libraries[name] = `0x${(i++).toString(16).padStart(40, 'a')}`;
    }
    const linked = linkBytecode(pool.bytecode, pool.linkReferences, libraries);
    expect(linked).toHaveLength(pool.bytecode.length);
    expect(linked).not.toMatch(/__\$[0-9a-f]{34}\$__/);
    for (const byName of Object.values(pool.linkReferences)) {
      for (const [name, offsets] of Object.entries(byName)) {
        for (const { start } of offsets) {
          expect(`0x${linked.slice(2 + start * 2, 2 + (start + 20) * 2)}`).toBe(libraries[name]);
        }
      }
    }
  });

  it('accepts fully qualified library names', () => {
    const bytecode = `0x${'ff'.repeat(4)}${'__$0000000000000000000000000000000000$__'}${'ee'.repeat(2)}` as const;
    const refs = { 'contracts/L.sol': { L: [{ start: 4, length: 20 }] } };
    const address = '0x00000000000000000000000000000000000000Ab';
    expect(linkBytecode(bytecode, refs, { 'contracts/L.sol:L': address })).toBe(`0xffffffff${address.slice(2).toLowerCase()}eeee`);
  });

  it('throws ArtifactLinkError naming a missing library', () => {
    const pool = loadArtifact(AAVE_POOL);
    expect(() => linkBytecode(pool.bytecode, pool.linkReferences, {})).toThrow(ArtifactLinkError);
  });
});

describe('Uniswap V2 npm artifacts', () => {
  it('have a router whose pair init code hash matches the factory pair bytecode', () => {
    expect(() => assertRouterInitCodeHash()).not.toThrow();
  });
});
