import type { ChainSummary } from './types';

/** A small chain picker for panels that show one chain at a time. */
export function ChainSelect({ chains, value, onChange, label }: { chains: ChainSummary[]; value: number; onChange: (chainId: number) => void; label: string }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(Number(event.target.value))}>
      {chains.map((chain) => (
        <option key={chain.chainId} value={chain.chainId}>
          {chain.name}
        </option>
      ))}
    </select>
  );
}
