import type { ValueTransformer } from 'typeorm';

/** int8 columns holding block numbers: PGlite returns number, pg returns string; both become number. */
export const int8AsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** numeric(78,0) token amounts <-> bigint. */
export const numericAsBigint: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
