import { createRequire } from 'node:module';
import type { Abi, Address, Hex } from 'viem';
import { ArtifactLinkError, ArtifactNotFoundError } from './errors.js';

/** Byte offsets (in the creation bytecode) where a library address must be written. */
export type LinkReferences = Readonly<
  Record<string, Readonly<Record<string, readonly { readonly start: number; readonly length: number }[]>>>
>;

/** A deployable contract: ABI, creation bytecode (0x-prefixed, maybe unlinked) and its link references. */
export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: LinkReferences;
}

interface RawArtifact {
  contractName?: string;
  abi?: Abi;
  bytecode?: string | { object?: string };
  linkReferences?: LinkReferences;
  evm?: { bytecode?: { object?: string; linkReferences?: LinkReferences } };
}

const require = createRequire(import.meta.url);

/**
 * Loads a compiled artifact from an npm package, e.g. `@uniswap/v2-core/build/UniswapV2Factory.json`
 * (Waffle: bytecode without 0x, link references under `evm`) or
 * `@aave/core-v3/artifacts/.../Pool.json` (Hardhat: top-level `linkReferences`).
 * @throws {ArtifactNotFoundError} when the file is missing or has no ABI or bytecode.
 */
export function loadArtifact(specifier: string): Artifact {
  let raw: RawArtifact;
  try {
    raw = require(specifier) as RawArtifact;
  } catch (error) {
    throw new ArtifactNotFoundError(specifier, { cause: error });
  }
  const bytecodeText =
    typeof raw.bytecode === 'string' ? raw.bytecode : (raw.bytecode?.object ?? raw.evm?.bytecode?.object);
  if (!raw.abi || !bytecodeText || bytecodeText === '0x') {
    throw new ArtifactNotFoundError(specifier, { details: 'The file has no ABI or no creation bytecode.' });
  }
  const name = raw.contractName ?? specifier.split('/').pop()?.replace(/\.json$/, '') ?? specifier;
  return {
    contractName: name,
    abi: raw.abi,
    bytecode: (bytecodeText.startsWith('0x') ? bytecodeText : `0x${bytecodeText}`) as Hex,
    linkReferences: raw.linkReferences ?? raw.evm?.bytecode?.linkReferences ?? {},
  };
}

/**
 * Writes library addresses into `bytecode` at the byte offsets of `linkReferences`.
 * `libraries` is keyed by library name (`SupplyLogic`) or fully qualified name
 * (`contracts/protocol/libraries/logic/SupplyLogic.sol:SupplyLogic`).
 * @throws {ArtifactLinkError} when a referenced library has no address, or a placeholder is left.
 */
export function linkBytecode(
  bytecode: Hex,
  linkReferences: LinkReferences,
  libraries: Readonly<Record<string, Address>> = {},
): Hex {
  let linked = bytecode.slice(2);
  for (const [file, byName] of Object.entries(linkReferences)) {
    for (const [name, offsets] of Object.entries(byName)) {
      const address = libraries[`${file}:${name}`] ?? libraries[name];
      if (!address) throw new ArtifactLinkError(`${file}:${name}`);
      const hex = address.slice(2).toLowerCase();
      for (const { start, length } of offsets) {
        if (length !== 20) throw new ArtifactLinkError(`${file}:${name}`, { details: `Unexpected length ${length}.` });
        linked = linked.slice(0, start * 2) + hex + linked.slice((start + length) * 2);
      }
    }
  }
  if (linked.includes('__$')) {
    throw new ArtifactLinkError('(unknown)', { details: 'The bytecode has library placeholders its linkReferences do not describe.' });
  }
  return `0x${linked}`;
}

/** True when `artifact` still has library placeholders that {@link linkBytecode} must fill. */
export function needsLinking(artifact: Artifact): boolean {
  return Object.keys(artifact.linkReferences).length > 0;
}
