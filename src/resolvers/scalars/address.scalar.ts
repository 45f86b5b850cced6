import { GraphQLScalarType } from 'graphql';
import { toChecksumAddress } from '../../datasources/chain/address.js';
import { scalarError, stringLiteral } from './scalarError.js';

function parse(value: unknown): string {
  if (typeof value !== 'string') throw scalarError('Address', 'expected a 0x-prefixed 20-byte hex string');
  const checksummed = toChecksumAddress(value);
  if (!checksummed) {
    throw scalarError('Address', `"${value.slice(0, 50)}" is not a valid address (0x + 40 hex digits; mixed case must be a valid EIP-55 checksum)`);
  }
  return checksummed;
}

/** EVM address: accepted in lowercase or valid EIP-55 checksum case; always returned checksummed. */
export const AddressScalar = new GraphQLScalarType({
  name: 'Address',
  description: 'EVM address (20 bytes, 0x-hex). Input: lowercase or EIP-55 checksummed; output: checksummed.',
  serialize: parse,
  parseValue: parse,
  parseLiteral: (ast) => parse(stringLiteral('Address', ast)),
});
