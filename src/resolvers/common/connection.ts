import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from '../../errors/apiErrors.js';

/** Relay page info. */
@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass as `after` for the next page.' })
  endCursor: string | null;

  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the `<Name>Edge` and `<Name>Connection` object types for a node type. */
export function buildConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [nodeType], { description: 'The nodes of `edges`, for clients that do not need cursors.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Items matching the query across all pages.' })
    totalCount: number;
  }
  return ConnectionType;
}

/** Assembles a connection from one page of nodes. */
export function buildConnection<T>(nodes: T[], hasNextPage: boolean, totalCount: number, cursorOf: (node: T) => string): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, nodes, pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage }, totalCount };
}

/** The largest `first` any list accepts. */
export const MAX_PAGE_SIZE = 1000;

/** Rejects a page size outside 1..MAX_PAGE_SIZE with BAD_USER_INPUT. */
export function assertPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
}
