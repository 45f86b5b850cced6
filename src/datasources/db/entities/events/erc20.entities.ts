import { Entity } from 'typeorm';
import { AddressColumn, AmountColumn, EventRowBase, type EventRow } from './eventRow.js';

/** ERC-20 `Transfer` logs. */
@Entity({ name: 'erc20_transfers' })
export class Erc20TransferEntity extends EventRowBase implements EventRow<'erc20Transfer'> {
  @AddressColumn('from_address')
  from: string;

  @AddressColumn('to_address')
  to: string;

  @AmountColumn('value')
  value: bigint;
}
