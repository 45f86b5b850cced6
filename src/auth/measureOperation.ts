import {
  getNamedType,
  isCompositeType,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Page size assumed for a list argument `first` that has neither a value nor a schema default. */
export const DEFAULT_FIRST = 20;
/** Fields (after fragment expansion) beyond which an operation is refused without estimating it. */
export const MAX_QUERY_NODES = 10_000;

/** What one operation would cost, measured before it runs. */
export interface OperationMeasure {
  cost: number;
  depth: number;
  aliases: number;
}

/** The operation cannot be measured (too many nodes, variables that do not coerce). */
export class UnmeasurableOperationError extends Error {
  override name = 'UnmeasurableOperationError';
  constructor(
    readonly reason: 'nodes' | 'variables',
    message: string,
    /** For `nodes`: the operation's field count after fragment expansion (counted without expanding). */
    readonly nodes?: number,
  ) {
    super(message);
  }
}

/** Fixed cost of an introspection root (`__schema`, `__type`), whatever it selects below. */
export const INTROSPECTION_COST = 100;
/** Buckets of a history field (`interval`/`from`/`to` arguments) paid for by one cost point beyond the field's own. */
export const BUCKETS_PER_COST_POINT = 100;

const INTERVAL_SECONDS: Record<string, number> = { hour: 3_600, day: 86_400 };

function timeOf(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number') {
    const ms = new Date(value).getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Buckets a history field asks for: (to - from) / interval, `to` defaulting to now; at least 1 (an inverted or
 * unreadable range is refused by the resolver anyway).
 */
export function historyBuckets(args: Record<string, unknown>, now = Date.now()): number {
  const seconds = typeof args.interval === 'string' ? INTERVAL_SECONDS[args.interval.toLowerCase()] : undefined;
  const from = timeOf(args.from);
  const to = args.to === undefined || args.to === null ? now : timeOf(args.to);
  if (seconds === undefined || from === undefined || to === undefined || to <= from) return 1;
  return Math.max(1, Math.ceil((to - from) / 1000 / seconds));
}

/**
 * Cost model: an object (or list of objects) field costs 1 plus its children; a field with a `first` argument costs
 * 1 + first x its children (a page of `first` nodes); a history field (arguments `interval` and `from`) costs
 * 1 + ceil(buckets / 100) plus its children, buckets = (to - from) / interval; scalars are free; `__schema` and
 * `__type` cost INTROSPECTION_COST whatever they select; other introspection (`__typename`) is free.
 */
export const fieldCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name === '__schema' || field.name === '__type') return INTROSPECTION_COST;
  if (field.name.startsWith('__')) return 0;
  const composite = isCompositeType(getNamedType(field.type));
  const hasFirst = field.args.some((arg) => arg.name === 'first');
  if (hasFirst) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_FIRST;
    return 1 + first * childComplexity;
  }
  const isHistory = field.args.some((arg) => arg.name === 'interval') && field.args.some((arg) => arg.name === 'from');
  if (isHistory) return 1 + Math.ceil(historyBuckets(args) / BUCKETS_PER_COST_POINT) + childComplexity;
  return (composite ? 1 : 0) + childComplexity;
};

function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operationName) return operations.length === 1 ? operations[0] : undefined;
  return operations.find((o) => o.name?.value === operationName);
}

/** Field nesting below `set`; each fragment's depth is computed once, so fragment fan-out stays linear. */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, memo: Map<string, number>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, memo));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, memo));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment) continue; // validation has rejected unknown and cyclic fragments
      if (!memo.has(name)) {
        memo.set(name, 0);
        memo.set(name, depthOf(fragment.selectionSet, fragments, memo));
      }
      deepest = Math.max(deepest, memo.get(name)!);
    }
  }
  return deepest;
}

/** Fields below `set` after fragment expansion; each fragment counted once and memoised, so this stays linear. */
function fieldCount(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, memo: Map<string, number>): number {
  if (!set) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) total += 1 + fieldCount(selection.selectionSet, fragments, memo);
    else if (selection.kind === Kind.INLINE_FRAGMENT) total += fieldCount(selection.selectionSet, fragments, memo);
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment) continue;
      if (!memo.has(name)) {
        memo.set(name, 0);
        memo.set(name, fieldCount(fragment.selectionSet, fragments, memo));
      }
      total += memo.get(name)!;
    }
  }
  return Math.min(total, Number.MAX_SAFE_INTEGER);
}

/** Aliased fields written in the operation and in each fragment it reaches (each fragment counted once). */
function countAliases(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  let aliases = 0;
  const seen = new Set<string>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      Field: (node) => {
        if (node.alias) aliases += 1;
      },
      FragmentSpread: (node) => {
        const fragment = fragments.get(node.name.value);
        if (fragment && !seen.has(node.name.value)) {
          seen.add(node.name.value);
          pending.push(fragment);
        }
      },
    });
  }
  return aliases;
}

/**
 * Measures the operation of a validated `document` that `operationName` selects.
 * @throws UnmeasurableOperationError when it has more than MAX_QUERY_NODES fields or its variables do not coerce.
 */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): OperationMeasure {
  const operation = selectedOperation(document, operationName);
  if (!operation) return { cost: 0, depth: 0, aliases: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operation.name?.value,
      estimators: [fieldCostEstimator],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/maximum allowed number of nodes/.test(message)) {
      throw new UnmeasurableOperationError('nodes', message, Math.max(MAX_QUERY_NODES + 1, fieldCount(operation.selectionSet, fragments, new Map())));
    }
    throw new UnmeasurableOperationError('variables', message);
  }
  return { cost, depth: depthOf(operation.selectionSet, fragments, new Map()), aliases: countAliases(operation, fragments) };
}
