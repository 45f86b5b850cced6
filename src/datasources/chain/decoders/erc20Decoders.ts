import { parseAbiItem } from 'viem';
import { defineEventDecoder, lower } from './defineEventDecoder.js';

/**
 * ERC-20 `Transfer`. ERC-721 shares the signature, hence topic0, but indexes `tokenId` (4 topics): the decoder
 * tells them apart by topic count.
 */
export const erc20TransferAbi = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

/** Decoder of ERC-20 `Transfer`. */
export const erc20TransferDecoder = defineEventDecoder('erc20Transfer', erc20TransferAbi, (args, position) => ({
  kind: 'erc20Transfer',
  ...position,
  from: lower(args.from),
  to: lower(args.to),
  value: args.value,
}));
