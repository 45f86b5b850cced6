import { toEventSelector, type AbiEvent, type GetEventArgs, type Hex } from 'viem';
import type { DecodedEventKind, DecodedEventOf, LogPosition } from './types.js';

/** Decoded arguments of `E`, every parameter present (strict decoding). */
export type EventArgs<E extends AbiEvent> = GetEventArgs<[E], E['name'], { EnableUnion: false; IndexedOnly: false; Required: true }>;

/** How to recognise and decode one event. */
export interface EventDecoder<K extends DecodedEventKind> {
  kind: K;
  abiItem: AbiEvent;
  /** keccak256 of the canonical signature, lowercase. */
  topic0: Hex;
  /** Topics a conforming log carries: topic0 plus one per indexed parameter. */
  topicCount: number;
  /** 32-byte words of non-indexed data (every parameter we decode is static). */
  dataWords: number;
  /** Builds the typed event from viem's decoded args; throws when a value is out of its Solidity range. */
  build(args: Record<string, unknown>, position: LogPosition): DecodedEventOf<K>;
}

/** A decoder of any kind (a union, so each member keeps its precise `build`). */
export type AnyEventDecoder = { [K in DecodedEventKind]: EventDecoder<K> }[DecodedEventKind];

/**
 * Declares the decoder of one event: `build` receives the args typed from `abiItem`.
 * @throws TypeError at module load when the event has a dynamic non-indexed parameter (not supported here).
 */
export function defineEventDecoder<const E extends AbiEvent, K extends DecodedEventKind>(
  kind: K,
  abiItem: E,
  build: (args: EventArgs<E>, position: LogPosition) => DecodedEventOf<K>,
): EventDecoder<K> {
  const nonIndexed = abiItem.inputs.filter((input) => !input.indexed);
  const dynamic = nonIndexed.find((input) => input.type === 'string' || input.type === 'bytes' || input.type.endsWith(']'));
  if (dynamic) throw new TypeError(`${abiItem.name}: dynamic parameter ${dynamic.name ?? ''} is not supported`);
  return {
    kind,
    abiItem,
    topic0: toEventSelector(abiItem).toLowerCase() as Hex,
    topicCount: 1 + abiItem.inputs.length - nonIndexed.length,
    dataWords: nonIndexed.length,
    build: build as EventDecoder<K>['build'],
  };
}

/** Lowercases a decoded (checksummed) address. */
export function lower(address: string): string {
  return address.toLowerCase();
}

/**
 * Checks that a decoded small integer fits its Solidity type. viem reads the whole 32-byte word, so a word that is not
 * a properly sign-extended int24 (for example) would otherwise slip through as a wrong tick.
 * @throws RangeError when it does not fit.
 */
export function fitInt(value: number, bits: number, signed: boolean, field: string): number {
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field} = ${value} does not fit ${signed ? 'int' : 'uint'}${bits}`);
  }
  return value;
}

/** As {@link fitInt} for bigint values (uint112, uint128, uint160). */
export function fitBigInt(value: bigint, bits: number, field: string): bigint {
  if (value < 0n || value >= 1n << BigInt(bits)) throw new RangeError(`${field} = ${value} does not fit uint${bits}`);
  return value;
}
