import { describe, expect, it } from 'vitest';
import type { Abi, AbiParameter } from 'viem';
import {
  aaveV3AclManagerAbi,
  aaveV3AddressesProviderAbi,
  aaveV3ATokenAbi,
  aaveV3DataProviderAbi,
  aaveV3DebtTokenAbi,
  aaveV3Erc20Abi,
  aaveV3MockAggregatorAbi,
  aaveV3OracleAbi,
  aaveV3PoolAbi,
  aaveV3PoolConfiguratorAbi,
  aaveV3RegistryAbi,
} from './aaveV3Abis.js';
import { linkBytecode as linkRaw, type Artifact } from '../artifacts.js';
import { ArtifactLinkError } from '../errors.js';
import { loadAaveV3Artifact, type AaveV3ContractName } from './aaveV3Artifacts.js';
import { AAVE_V3_LIBRARIES } from './aaveV3Deploy.js';

const fakeAddress = (i: number) => `0x${(i + 1).toString(16).padStart(2, '0').repeat(20)}` as const;
const linkBytecode = (artifact: Artifact, libraries: Record<string, `0x${string}`> = {}) => linkRaw(artifact.bytecode, artifact.linkReferences, libraries);
const allLibraries = Object.fromEntries(AAVE_V3_LIBRARIES.map((name, i) => [name, fakeAddress(i)]));

describe('linkBytecode() on Aave V3 artifacts', () => {
  it('writes each library address at every linkReferences offset of Pool', () => {
    const pool = loadAaveV3Artifact('Pool');
    const linked = linkBytecode(pool, allLibraries);
    expect(linked).toHaveLength(pool.bytecode.length);
    expect(linked).not.toContain('__$');
    let offsets = 0;
    for (const libs of Object.values(pool.linkReferences)) {
      for (const [name, refs] of Object.entries(libs)) {
        for (const { start } of refs) {
          expect(linked.slice(2 + start * 2, 2 + (start + 20) * 2)).toBe(allLibraries[name]!.slice(2));
          offsets++;
        }
      }
    }
    expect(offsets).toBe(23); // Borrow 6, Bridge 2, EMode 1, FlashLoan 2, Liquidation 1, Pool 6, Supply 5
  });

  it('links BorrowLogic into FlashLoanLogic and leaves library-free artifacts unchanged', () => {
    const flashLoan = loadAaveV3Artifact('FlashLoanLogic');
    expect(linkBytecode(flashLoan, { BorrowLogic: fakeAddress(1) })).toContain(fakeAddress(1).slice(2));
    const borrowLogic = loadAaveV3Artifact('BorrowLogic');
    expect(linkBytecode(borrowLogic)).toBe(borrowLogic.bytecode);
  });

  it('prefers the fully qualified library name over the short one', () => {
    const configurator = loadAaveV3Artifact('PoolConfigurator');
    const linked = linkBytecode(configurator, {
      ConfiguratorLogic: fakeAddress(1),
      'contracts/protocol/libraries/logic/ConfiguratorLogic.sol:ConfiguratorLogic': fakeAddress(2),
    });
    expect(linked).toContain(fakeAddress(2).slice(2));
    expect(linked).not.toContain(fakeAddress(1).slice(2));
  });

  it('throws ArtifactLinkError naming a missing library', () => {
    const { BorrowLogic: _omitted, ...rest } = allLibraries;
    expect(() => linkBytecode(loadAaveV3Artifact('Pool'), rest)).toThrowError(ArtifactLinkError);
    expect(() => linkBytecode(loadAaveV3Artifact('Pool'), rest)).toThrowError(/BorrowLogic/);
  });
});

type Normalized = { type: string; indexed?: boolean; components?: Normalized[] };
const normalize = (params: readonly AbiParameter[] = []): Normalized[] =>
  params.map((p) => ({
    type: p.type,
    ...('indexed' in p && p.indexed ? { indexed: true } : {}),
    ...('components' in p ? { components: normalize(p.components) } : {}),
  }));
const shape = (item: Abi[number]) =>
  JSON.stringify({
    type: item.type,
    name: 'name' in item ? item.name : '',
    inputs: normalize('inputs' in item ? item.inputs : []),
    outputs: 'outputs' in item ? normalize(item.outputs) : [],
  });

const fragments: [AaveV3ContractName, Abi][] = [
  ['Pool', aaveV3PoolAbi],
  ['PoolConfigurator', aaveV3PoolConfiguratorAbi],
  ['PoolAddressesProvider', aaveV3AddressesProviderAbi],
  ['PoolAddressesProviderRegistry', aaveV3RegistryAbi],
  ['ACLManager', aaveV3AclManagerAbi],
  ['AaveOracle', aaveV3OracleAbi],
  ['AaveProtocolDataProvider', aaveV3DataProviderAbi],
  ['AToken', aaveV3ATokenAbi],
  ['StableDebtToken', aaveV3DebtTokenAbi],
  ['VariableDebtToken', aaveV3DebtTokenAbi],
  ['MockAggregator', aaveV3MockAggregatorAbi],
  ['MintableERC20', aaveV3Erc20Abi],
];

describe('aaveV3Abis', () => {
  it.each(fragments)('every %s fragment matches the artifact ABI (types, indexed flags, outputs)', (name, abi) => {
    const artifactShapes = new Set(loadAaveV3Artifact(name).abi.map(shape));
    for (const item of abi) expect(artifactShapes, shape(item)).toContain(shape(item));
  });
});
