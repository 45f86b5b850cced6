import { decodeFunctionResult, encodeFunctionData, type Abi, type Address, type BlockTag } from 'viem';
import { uniswapInterfaceMulticallAbi } from '../protocols/uniswapV3Abis.js';
import type { SimWorld } from './types.js';

/** One contract read. */
export interface ReadCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
}

const CALL_GAS = 2_000_000n;

/**
 * Runs `calls` as one `eth_call` to the deployment's UniswapInterfaceMulticall (one JSON-RPC batch of reads
 * when there is none) and returns each decoded result, in order. At `blockTag: 'pending'` this matters: anvil
 * builds the pending block once per call, so one multicall costs one build instead of one per read.
 * With `allowFailure`, a reverted read yields undefined instead of throwing.
 * @throws {RangeError} when a read reverts (without `allowFailure`).
 */
export async function readMany(world: SimWorld, calls: readonly ReadCall[], blockTag: BlockTag = 'latest', { allowFailure = false } = {}): Promise<unknown[]> {
  if (calls.length === 0) return [];
  const reader = world.reader ?? world.clients.publicClient;
  const multicall = world.deployment.multicall;
  if (!multicall) {
    return Promise.all(
      calls.map((call) => {
        const read = reader.readContract({ ...call, args: call.args ?? [], blockTag } as never) as Promise<unknown>;
        return allowFailure ? read.catch(() => undefined) : read;
      }),
    );
  }
  const encoded = calls.map((call) => ({
    target: call.address,
    gasLimit: CALL_GAS,
    callData: encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args ?? [] } as never),
  }));
  const data = encodeFunctionData({ abi: uniswapInterfaceMulticallAbi, functionName: 'multicall', args: [encoded] });
  const { data: returned } = await reader.call({ to: multicall, data, blockTag });
  if (!returned) throw new RangeError('The read multicall returned nothing');
  const [, results] = decodeFunctionResult({ abi: uniswapInterfaceMulticallAbi, functionName: 'multicall', data: returned });
  return results.map((result, i) => {
    const call = calls[i]!;
    if (!result.success) {
      if (allowFailure) return undefined;
      throw new RangeError(`Read ${call.functionName} on ${call.address} reverted`);
    }
    return decodeFunctionResult({ abi: call.abi, functionName: call.functionName, data: result.returnData } as never) as unknown;
  });
}

/** {@link readMany} over several groups of calls at once (one `eth_call`), results split back per group. */
export async function readGroups(
  world: SimWorld,
  groups: readonly (readonly ReadCall[])[],
  blockTag: BlockTag = 'latest',
  options: { allowFailure?: boolean } = {},
): Promise<unknown[][]> {
  const results = await readMany(world, groups.flat(), blockTag, options);
  let offset = 0;
  return groups.map((group) => {
    const slice = results.slice(offset, offset + group.length);
    offset += group.length;
    return slice;
  });
}
