import { describe, expect, it } from 'vitest';
import { assertPoolInitCodeHash, linkBytecode, loadArtifact, V3_ARTIFACT_PATHS } from './uniswapV3Artifacts.js';

const LIBRARY = '0x00000000000000000000000000000000DeaDBeef';

describe('linkBytecode()', () => {
  const descriptor = loadArtifact(V3_ARTIFACT_PATHS.positionDescriptor);

  it('writes the library address at every linkReferences offset and leaves valid hex', () => {
    const linked = linkBytecode(descriptor, { 'contracts/libraries/NFTDescriptor.sol:NFTDescriptor': LIBRARY });
    const offsets = descriptor.linkReferences?.['contracts/libraries/NFTDescriptor.sol']?.['NFTDescriptor'] ?? [];
    expect(offsets.length).toBeGreaterThan(0);
    for (const { start, length } of offsets) expect(linked.slice(2 + 2 * start, 2 + 2 * (start + length))).toBe(LIBRARY.slice(2).toLowerCase());
    expect(linked).toMatch(/^0x[0-9a-f]+$/);
    expect(linked.length).toBe(descriptor.bytecode.length);
  });

  it('throws when a referenced library has no address', () => {
    expect(() => linkBytecode(descriptor, {})).toThrow('Missing library address for contracts/libraries/NFTDescriptor.sol:NFTDescriptor');
  });

  it('returns bytecode without link references unchanged', () => {
    const factory = loadArtifact(V3_ARTIFACT_PATHS.factory);
    expect(linkBytecode(factory, {})).toBe(factory.bytecode);
  });
});

describe('artifacts', () => {
  it('assertPoolInitCodeHash() accepts the npm v3-core pool bytecode', () => {
    expect(() => assertPoolInitCodeHash()).not.toThrow();
  });

  it('loadArtifact() throws for a missing artifact', () => {
    expect(() => loadArtifact('@uniswap/v3-core/artifacts/contracts/Nope.sol/Nope.json')).toThrow('Cannot load contract artifact');
  });
});
