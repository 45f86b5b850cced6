import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AddressScalar } from './address.scalar.js';
import { BigIntScalar } from './bigint.scalar.js';
import { DateTimeScalar } from './dateTime.scalar.js';

const vitalik = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045';

describe('scalars', () => {
  it('BigInt serialises bigint as a decimal string and parses strings back', () => {
    expect(BigIntScalar.serialize(2n ** 255n)).toBe((2n ** 255n).toString());
    expect(BigIntScalar.parseValue('340282366920938463463374607431768211456')).toBe(2n ** 128n);
    expect(BigIntScalar.parseLiteral({ kind: Kind.INT, value: '42' }, {})).toBe(42n);
  });

  it.each(['1.5', '0x10', '', '01', '1e3', '9'.repeat(79)])('BigInt rejects %j', (value) => {
    expect(() => BigIntScalar.parseValue(value)).toThrow(/BigInt/);
  });

  it('Address returns the checksummed form of a lowercase input', () => {
    expect(AddressScalar.parseValue(vitalik.toLowerCase())).toBe(vitalik);
    expect(AddressScalar.serialize(vitalik.toLowerCase())).toBe(vitalik);
  });

  it.each(['0x123', 'd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', '0xd8DA6BF26964aF9D7eEd9e03E53415D37aA96045', 42])(
    'Address rejects %j (short, unprefixed, bad checksum, not a string)',
    (value) => {
      expect(() => AddressScalar.parseValue(value)).toThrow(/Address/);
    },
  );

  it('DateTime serialises to UTC ISO and parses zoned strings', () => {
    expect(DateTimeScalar.serialize(new Date(1_700_000_000_000))).toBe('2023-11-14T22:13:20.000Z');
    expect((DateTimeScalar.parseValue('2024-01-01T02:00:00+02:00') as Date).toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it.each(['2024-01-01', 'yesterday', '2024-13-01T00:00:00Z'])('DateTime rejects %j', (value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(/DateTime/);
  });
});
