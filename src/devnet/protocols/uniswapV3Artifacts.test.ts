import { describe, expect, it } from 'vitest';
import { linkBytecode, loadArtifact } from '../artifacts.js';
import { ArtifactLinkError, ArtifactNotFoundError } from '../errors.js';
import { assertPoolInitCodeHash, NFT_DESCRIPTOR_LINK_KEY, V3_ARTIFACT_PATHS } from './uniswapV3Artifacts.js';

const LIBRARY = '0x00000000000000000000000000000000DeaDBeef';

describe('linkBytecode() on the V3 position descriptor', () => {
  const descriptor = loadArtifact(V3_ARTIFACT_PATHS.positionDescriptor);

  it('writes the library address at every linkReferences offset and leaves valid hex', () => {
    const linked = linkBytecode(descriptor.bytecode, descriptor.linkReferences, { [NFT_DESCRIPTOR_LINK_KEY]: LIBRARY });
    const offsets = descriptor.linkReferences['contracts/libraries/NFTDescriptor.sol']?.['NFTDescriptor'] ?? [];
    expect(offsets.length).toBeGreaterThan(0);
    for (const { start, length } of offsets) expect(linked.slice(2 + 2 * start, 2 + 2 * (start + length))).toBe(LIBRARY.slice(2).toLowerCase());
    expect(linked).toMatch(/^0x[0-9a-f]+$/);
    expect(linked.length).toBe(descriptor.bytecode.length);
  });

  it('throws ArtifactLinkError when the referenced library has no address', () => {
    expect(() => linkBytecode(descriptor.bytecode, descriptor.linkReferences, {})).toThrow(ArtifactLinkError);
  });

  it('returns bytecode without link references unchanged', () => {
    const factory = loadArtifact(V3_ARTIFACT_PATHS.factory);
    expect(linkBytecode(factory.bytecode, factory.linkReferences)).toBe(factory.bytecode);
  });
});

describe('V3 artifacts', () => {
  it('assertPoolInitCodeHash() accepts the npm v3-core pool bytecode', () => {
    expect(() => assertPoolInitCodeHash()).not.toThrow();
  });

  it.each(Object.entries(V3_ARTIFACT_PATHS))('%s loads with an ABI and creation code', (_, path) => {
    const artifact = loadArtifact(path);
    expect(artifact.abi.length).toBeGreaterThan(0);
    expect(artifact.bytecode.length).toBeGreaterThan(2);
  });

  it('loadArtifact() throws for a missing artifact', () => {
    expect(() => loadArtifact('@uniswap/v3-core/artifacts/contracts/Nope.sol/Nope.json')).toThrow(ArtifactNotFoundError);
  });
});
