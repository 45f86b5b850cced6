/**
 * SQL for a holder's net balance of an ERC-20 from indexed transfers up to a block: transfers in minus transfers out
 * (a transfer to itself nets to zero). Written as two sums so each one walks the `(chain_id, to_address, ...)` and
 * `(chain_id, from_address, ...)` indexes of `erc20_transfers` over the holder's own transfers, instead of the
 * token's whole history. Arguments are SQL expressions (columns or parameters), never user input.
 */
export function netTransfersSql(chain: string, token: string, holder: string, block: string): string {
  const sum = (side: 'to_address' | 'from_address') =>
    `(SELECT COALESCE(SUM(t.value), 0) FROM erc20_transfers t WHERE t.chain_id = ${chain} AND t.${side} = ${holder} AND t.address = ${token} AND t.block_number <= ${block})`;
  return `(${sum('to_address')} - ${sum('from_address')})`;
}
