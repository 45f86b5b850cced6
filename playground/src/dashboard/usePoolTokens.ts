import { useEffect, useRef, useState } from 'react';
import { useClient } from './clientContext';

const POOL_TOKENS = 'query DashboardPoolTokens($chainId: Int!, $address: Address!) { pool(chainId: $chainId, address: $address) { token0 { symbol decimals } token1 { symbol decimals } } }';

export interface TokenInfo {
  symbol: string | null;
  decimals: number | null;
}

export interface PoolTokens {
  token0: TokenInfo;
  token1: TokenInfo;
}

/** Symbols and decimals of the pools in the feed, read once per pool (a failed read leaves the amounts raw). */
export function usePoolTokens(chainId: number, pools: string[]): Record<string, PoolTokens> {
  const client = useClient();
  const [tokens, setTokens] = useState<Record<string, PoolTokens>>({});
  const requested = useRef(new Set<string>());
  const poolsKey = [...new Set(pools)].sort().join(',');
  useEffect(() => {
    for (const address of poolsKey ? poolsKey.split(',') : []) {
      if (requested.current.has(address)) continue;
      requested.current.add(address);
      client
        .query<{ pool: PoolTokens }>(POOL_TOKENS, { chainId, address })
        .then(({ pool }) => setTokens((prev) => ({ ...prev, [address]: pool })))
        .catch(() => undefined);
    }
  }, [client, chainId, poolsKey]);
  return tokens;
}
