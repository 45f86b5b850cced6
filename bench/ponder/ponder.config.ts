/* eslint-disable @typescript-eslint/ban-ts-comment -- Ponder runs this file untyped (vite-node); see README.md for why the root tsc must skip it. */
// @ts-nocheck
import { createConfig, factory } from 'ponder';
import { erc20Abi, pairCreatedEvent, uniswapV2FactoryAbi, uniswapV2PairAbi } from './abis';

/** Set by bench/ingest/runPonder.ts. */
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required (set by bench/ingest/runPonder.ts)`);
  return value;
}

const chainId = Number(env('BENCH_CHAIN_ID'));
const tokens = env('BENCH_TOKENS').split(',') as `0x${string}`[];
const v2Factory = env('BENCH_V2_FACTORY') as `0x${string}`;

export default createConfig({
  database: { kind: 'postgres', connectionString: env('DATABASE_URL') },
  chains: {
    devnet: { id: chainId, rpc: env('BENCH_RPC_URL'), pollingInterval: 200 },
  },
  contracts: {
    Erc20: { chain: 'devnet', abi: erc20Abi, address: tokens, startBlock: 0 },
    UniswapV2Factory: { chain: 'devnet', abi: uniswapV2FactoryAbi, address: v2Factory, startBlock: 0 },
    UniswapV2Pair: {
      chain: 'devnet',
      abi: uniswapV2PairAbi,
      address: factory({ address: v2Factory, event: pairCreatedEvent, parameter: 'pair' }),
      startBlock: 0,
    },
  },
});
