import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getProtocolInfo, PROTOCOLS, protocolOfPool } from './protocols.js';

interface LlamaProtocol { slug: string; name: string; category: string }

const metadata = JSON.parse(
  readFileSync(new URL('../../../shared/data/defillama/defillama_protocols_metadata.json', import.meta.url), 'utf8'),
) as LlamaProtocol[];

describe('PROTOCOLS', () => {
  it.each(PROTOCOLS.map((p) => [p.slug, p]))('%s has the name and category DefiLlama gives it', (slug, protocol) => {
    const llama = metadata.find((p) => p.slug === slug);
    expect(llama).toBeDefined();
    expect({ slug, name: protocol.name, category: protocol.category }).toEqual({ slug: llama!.slug, name: llama!.name, category: llama!.category });
  });

  it('maps V2 pairs to uniswap-v2 and V3 pools to uniswap-v3, and knows no other slug', () => {
    expect([protocolOfPool('v2'), protocolOfPool('v3')]).toEqual(['uniswap-v2', 'uniswap-v3']);
    expect(getProtocolInfo('aave-v3')?.category).toBe('Lending');
    expect(getProtocolInfo('nope')).toBeUndefined();
  });
});
