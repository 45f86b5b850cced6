/**
 * The key of a token across chains, `"<chainId>:<address>"` with the address lowercased (DefiLlama's
 * `chain:address` coin id, with the numeric chain id). Every price map in src/analytics is keyed by it.
 */
export function tokenKey(chainId: number, address: string): string {
  return `${String(chainId)}:${address.toLowerCase()}`;
}
