/** A protocol the market job attributes pools and reserves to. */
export interface ProtocolInfo {
  slug: string;
  name: string;
  category: string;
}

/**
 * Known protocols. Names and categories match DefiLlama's metadata
 * (`../shared/data/defillama/defillama_protocols_metadata.json`; a test checks they agree).
 */
export const PROTOCOLS: readonly ProtocolInfo[] = [
  { slug: 'uniswap-v2', name: 'Uniswap V2', category: 'Dexes' },
  { slug: 'uniswap-v3', name: 'Uniswap V3', category: 'Dexes' },
  { slug: 'aave-v3', name: 'AAVE V3', category: 'Lending' },
];

/** The protocol slug of a pool kind. */
export function protocolOfPool(kind: 'v2' | 'v3'): string {
  return kind === 'v2' ? 'uniswap-v2' : 'uniswap-v3';
}

/** Metadata of a known slug, or undefined. */
export function getProtocolInfo(slug: string): ProtocolInfo | undefined {
  return PROTOCOLS.find((protocol) => protocol.slug === slug);
}
