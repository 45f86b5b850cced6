import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, parseAbi, zeroAddress, type Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { startAnvil, type Anvil } from '../../devnet/anvil/startAnvil.js';
import { loadArtifact } from '../../devnet/artifacts.js';
import { createDevnetClients, type DevnetClients } from '../../devnet/clients.js';
import { confirmTransaction } from '../../devnet/confirmTransaction.js';
import { DEVNET_MNEMONIC } from '../../devnet/constants.js';
import { deployContract } from '../../devnet/deployContract.js';
import { MINTABLE_ERC20_ARTIFACT } from '../../devnet/protocols/tokens.js';
import { deployWeth } from '../../devnet/protocols/weth.js';
import { RpcRequestError } from './errors.js';
import { readTokenMetadata } from './readTokenMetadata.js';
import type { TokenMetadata } from './readTokenMetadataResults.js';

let anvil: Anvil;
let clients: DevnetClients;
const contracts = {} as Record<'usdc' | 'weth' | 'v1Exchange' | 'positionManager' | 'v2Factory' | 'eoa', Address>;

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31_337 });
  clients = createDevnetClients({ rpcUrl: anvil.rpcUrl, chainId: 31_337, name: 'anvil' });
  const deploy = async (specifier: string, args: readonly unknown[] = []) =>
    (await deployContract(clients, { artifact: loadArtifact(specifier), args })).address;

  contracts.usdc = await deploy(MINTABLE_ERC20_ARTIFACT, ['USD Coin', 'USDC', 6]);
  contracts.weth = await deployWeth(clients);
  // Uniswap V1 (Vyper) exchanges answer name() and symbol() as bytes32 and decimals() as uint256, set by setup().
  contracts.v1Exchange = await deploy('@uniswap/v2-periphery/build/UniswapV1Exchange.json');
  await confirmTransaction(
    clients.publicClient,
    clients.walletClient.writeContract({
      address: contracts.v1Exchange,
      abi: parseAbi(['function setup(address token_addr)']),
      functionName: 'setup',
      args: [contracts.usdc],
    }),
    { label: 'V1 exchange setup' },
  );
  // An ERC-721: name() and symbol() but no decimals(). Its constructor only stores the three addresses.
  contracts.positionManager = await deploy('@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json', [
    contracts.weth,
    contracts.weth,
    contracts.weth,
  ]);
  // No name/symbol/decimals and no fallback: every call reverts.
  contracts.v2Factory = await deploy('@uniswap/v2-core/build/UniswapV2Factory.json', [zeroAddress]);
  contracts.eoa = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: 5 }).address;
});

afterAll(async () => {
  await anvil?.stop();
});

const expected = (): Record<keyof typeof contracts, TokenMetadata> => ({
  usdc: { symbol: 'USDC', name: 'USD Coin', decimals: 6, status: 'ok' },
  weth: { symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, status: 'ok' },
  v1Exchange: { symbol: 'UNI-V1', name: 'Uniswap V1', decimals: 18, status: 'nonstandard' },
  positionManager: { symbol: 'UNI-V3-POS', name: 'Uniswap V3 Positions NFT-V1', decimals: null, status: 'nonstandard' },
  v2Factory: { symbol: null, name: null, decimals: null, status: 'failed' },
  eoa: { symbol: null, name: null, decimals: null, status: 'failed' },
});

describe('readTokenMetadata() on anvil', () => {
  it.each([
    ['a deployless multicall', { multicall: true }],
    ['a deployless multicall in batches of 2', { multicall: true, batchSize: 2 }],
    ['one eth_call per function', { multicall: false }],
  ])('reads standard, bytes32, decimals-less and silent contracts with %s', async (_how, options) => {
    const names = Object.keys(contracts) as (keyof typeof contracts)[];
    // Checksummed input, duplicated: the map is keyed by lowercase address, once each.
    const result = await readTokenMetadata(clients.publicClient, [...names.map((n) => contracts[n]), contracts.usdc], options);
    expect(result.size).toBe(names.length);
    const want = expected();
    for (const name of names) expect(result.get(contracts[name].toLowerCase()), name).toEqual(want[name]);
  });

  it('batches: one eth_call for the standard reads, one for the bytes32 retries, then single calls only for silent contracts', async () => {
    const methods: string[] = [];
    const counting = createPublicClient({
      transport: http(anvil.rpcUrl, {
        onFetchRequest: async (request) => {
          const body = JSON.parse(await request.clone().text()) as { method: string } | { method: string }[];
          for (const item of Array.isArray(body) ? body : [body]) methods.push(item.method);
        },
      }),
    });
    const all = Object.values(contracts);
    await readTokenMetadata(counting, all, { multicall: true });
    const batched = methods.filter((m) => m === 'eth_call').length;
    methods.length = 0;
    await readTokenMetadata(counting, all, { multicall: false });
    expect(methods.filter((m) => m === 'eth_call')).toHaveLength(3 * all.length);
    // 2 multicalls + 3 single calls for each of the 2 contracts that answer nothing.
    expect(batched).toBe(2 + 3 * 2);
  });

  it('reads at a given block: before WETH existed it was an empty address', async () => {
    const nonceAtBlock1 = await clients.publicClient.getTransactionCount({ address: clients.deployer.address, blockNumber: 1n });
    expect(nonceAtBlock1).toBe(1); // block 1 holds only the USDC deployment; WETH came in block 2
    const result = await readTokenMetadata(clients.publicClient, [contracts.usdc, contracts.weth], { blockNumber: 1n });
    expect(result.get(contracts.usdc.toLowerCase())?.status).toBe('ok');
    expect(result.get(contracts.weth.toLowerCase())?.status).toBe('failed');
  });

  it('throws a retryable RpcRequestError when the node is unreachable, instead of reporting tokens as failed', async () => {
    const unreachable = createPublicClient({ transport: http('http://127.0.0.1:9/rpc', { retryCount: 0, timeout: 2_000 }) });
    for (const multicall of [true, false]) {
      const error = await readTokenMetadata(unreachable, [contracts.usdc], { multicall }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcRequestError);
      expect((error as RpcRequestError).retryable).toBe(true);
    }
  });

  it('refuses a malformed address', async () => {
    await expect(readTokenMetadata(clients.publicClient, ['0x1234'])).rejects.toThrow(TypeError);
  });
});
