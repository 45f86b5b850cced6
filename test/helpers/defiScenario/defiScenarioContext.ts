import type { Account, Address, Chain, Transport, WalletClient } from 'viem';
import type { DevnetClients } from '../../../src/devnet/clients.js';
import type { DevnetToken } from '../../../src/devnet/protocols/tokens.js';
import type { DecodedEventKind, DecodedEventOf } from '../../../src/datasources/chain/decoders/types.js';

/**
 * An event an action must have emitted: its kind, emitter, the fields the action determines and, when the helper that
 * sent it tells, its transaction.
 */
export type ExpectedEvent = {
  [K in DecodedEventKind]: { kind: K; txHash?: string; address: string } & Partial<Omit<DecodedEventOf<K>, 'kind' | 'txHash' | 'address'>>;
}[DecodedEventKind];

/** A wallet of one of the scenario's actors (mnemonic accounts 1-4). */
export type ScenarioWallet = WalletClient<Transport, Chain, Account>;

/** What the scenario steps share. Addresses in `expected` are lowercase, like decoded events. */
export interface ScenarioContext {
  clients: DevnetClients;
  wallets: Record<'lender' | 'borrower' | 'liquidator' | 'trader', ScenarioWallet>;
  tokens: { weth: Address; usdc: Address; dai: Address; list: DevnetToken[] };
  expected: ExpectedEvent[];
}

/** Lowercases an address or hash, the form decoded events carry. */
export const lc = (value: string): string => value.toLowerCase();

/** Adds an expected event emitted by `txHash`; lowercases its emitter. */
export function expectEvent(context: ScenarioContext, event: ExpectedEvent): void {
  context.expected.push({ ...event, address: lc(event.address), ...(event.txHash === undefined ? {} : { txHash: lc(event.txHash) }) });
}

/** Lowercases every string value (addresses) of a field set. */
export function lcFields<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v.toLowerCase() : v])) as T;
}
