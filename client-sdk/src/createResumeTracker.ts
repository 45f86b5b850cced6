import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** Keeps a block-ordered event stream gap- and duplicate-free across reconnects. */
export interface ResumeTracker {
  /** The variables to (re)subscribe with: the caller's, with the resume argument set to the last block delivered. */
  variables(): Record<string, unknown>;
  /** Records an event; false when it was delivered before (same block, log index, block hash and `removed`). */
  accept(data: unknown): boolean;
}

/** The argument that makes a subscription replay from a block, and the fields that identify an event. */
const RESUME_ARGUMENT = 'fromBlock';
const BLOCK_FIELD = 'blockNumber';
const LOG_INDEX_FIELD = 'logIndex';

function selects(selectionSet: SelectionSetNode | undefined, field: string, fragments: Map<string, FragmentDefinitionNode>, depth = 0): boolean {
  if (!selectionSet || depth > 10) return false;
  return selectionSet.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return !selection.alias && selection.name.value === field;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet, field, fragments, depth + 1);
    return selects(fragments.get(selection.name.value)?.selectionSet, field, fragments, depth + 1);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A tracker for a subscription whose root field takes `fromBlock: $variable` and selects `blockNumber` and
 * `logIndex` (e.g. `poolSwaps`); undefined for any other document (it is then resubscribed unchanged).
 */
export function createResumeTracker(document: DocumentNode, initialVariables: Record<string, unknown>): ResumeTracker | undefined {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.operation !== 'subscription') return undefined;
  const root = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  const argument = root?.arguments?.find((a) => a.name.value === RESUME_ARGUMENT);
  if (!root || argument?.value.kind !== Kind.VARIABLE) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  if (!selects(root.selectionSet, BLOCK_FIELD, fragments) || !selects(root.selectionSet, LOG_INDEX_FIELD, fragments)) return undefined;

  const variableName = argument.value.name.value;
  const responseKey = root.alias?.value ?? root.name.value;
  // Keys of the events delivered at or above the resume block: a resubscription replays from that block.
  const seen = new Map<string, number>();
  let lastBlock: number | undefined;

  return {
    variables: () => (lastBlock === undefined ? initialVariables : { ...initialVariables, [variableName]: lastBlock }),
    accept(data) {
      const event = isRecord(data) ? data[responseKey] : undefined;
      if (!isRecord(event) || typeof event[BLOCK_FIELD] !== 'number') return true;
      const block = event[BLOCK_FIELD];
      const key = `${block}:${String(event[LOG_INDEX_FIELD])}:${String(event.blockHash ?? '')}:${event.removed === true}`;
      if (seen.has(key)) return false;
      if (lastBlock === undefined || block > lastBlock) {
        for (const [k, b] of seen) if (b < block) seen.delete(k);
      }
      seen.set(key, block);
      lastBlock = block;
      return true;
    },
  };
}
