import { registerEnumType } from 'type-graphql';

/** Sort direction of a list, The Graph style. */
export enum OrderDirection {
  asc = 'asc',
  desc = 'desc',
}

registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Sort direction (The Graph convention)' });

