import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** Keeps a block-ordered event stream gap- and duplicate-free across reconnects, reorgs included. */
export interface ResumeTracker {
  /** The document to send: the caller's, with the identity fields (block, log index, block hash, removed) added under private aliases. */
  document: DocumentNode;
  /** The root field's `chainId` (literal or variable), to learn a starting block when the caller gave no `fromBlock`. */
  chainId: number | undefined;
  /** True while no `fromBlock` is known (the caller gave none and `start()` was not called). */
  needsStart(): boolean;
  /** Sets the block a subscription without `fromBlock` starts from (the indexed head + 1). */
  start(fromBlock: number): void;
  /**
   * The variables of the next subscribe message (call once per message sent). After a delivery this is a
   * resubscription: the server replays from the returned `fromBlock` and `accept` drops what was already delivered.
   */
  variables(): Record<string, unknown>;
  /** Records an event and returns what to deliver, in order: nothing (a replayed duplicate), the event, or retractions of orphaned events then the event. */
  accept(data: unknown): unknown[];
}

/** Blocks of delivered events remembered below the last one: the deepest reorg the SDK repairs after a reconnect. */
export const REORG_WINDOW_BLOCKS = 128;

const RESUME_ARGUMENT = 'fromBlock';
/** Private aliases of the identity fields, stripped before delivery. */
const IDENTITY = { block: ['ocsResumeBlockNumber', 'blockNumber'], logIndex: ['ocsResumeLogIndex', 'logIndex'], hash: ['ocsResumeBlockHash', 'blockHash'], removed: ['ocsResumeRemoved', 'removed'] } as const;
const ALIASES: readonly string[] = Object.values(IDENTITY).map(([alias]) => alias);

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

/** The document with `ocsResume*: <field>` added to the root field's selection. */
function withIdentityFields(document: DocumentNode, operation: OperationDefinitionNode, root: FieldNode): DocumentNode {
  const added: FieldNode[] = Object.values(IDENTITY).map(([alias, name]) => ({ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } }));
  const newRoot: FieldNode = { ...root, selectionSet: { kind: Kind.SELECTION_SET, selections: [...(root.selectionSet?.selections ?? []), ...added] } };
  const newOperation: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections: operation.selectionSet.selections.map((s) => (s === root ? newRoot : s)) },
  };
  return { ...document, definitions: document.definitions.map((d) => (d === operation ? newOperation : d)) };
}

interface Delivered {
  block: number;
  logIndex: number;
  /** The event as the consumer received it (a retraction of it is this with `removed: true`). */
  event: Record<string, unknown>;
}

const keyOf = (block: number, logIndex: number, hash: unknown) => `${block}:${logIndex}:${String(hash)}`;
const before = (a: { block: number; logIndex: number }, b: { block: number; logIndex: number }) => a.block < b.block || (a.block === b.block && a.logIndex < b.logIndex);

/**
 * A tracker for a subscription whose root field takes `fromBlock: $variable` and selects `blockNumber` and
 * `logIndex` (e.g. `poolSwaps`); undefined for any other document (it is then resubscribed unchanged).
 */
export function createResumeTracker(document: DocumentNode, initialVariables: Record<string, unknown>): ResumeTracker | undefined {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.operation !== 'subscription') return undefined;
  const root = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  const argument = root?.arguments?.find((a) => a.name.value === RESUME_ARGUMENT);
  if (!root || argument?.value.kind !== Kind.VARIABLE) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  if (!selects(root.selectionSet, IDENTITY.block[1], fragments) || !selects(root.selectionSet, IDENTITY.logIndex[1], fragments)) return undefined;

  const variableName = argument.value.name.value;
  const responseKey = root.alias?.value ?? root.name.value;
  const chainArgument = root.arguments?.find((a) => a.name.value === 'chainId')?.value;
  const chainValue = chainArgument?.kind === Kind.VARIABLE ? initialVariables[chainArgument.name.value] : chainArgument?.kind === Kind.INT ? Number(chainArgument.value) : undefined;
  const given = initialVariables[variableName];
  let fromBlock = typeof given === 'number' ? given : undefined;

  // Delivered events not retracted since, of the last REORG_WINDOW_BLOCKS blocks, by (block, log index, block hash).
  const delivered = new Map<string, Delivered>();
  let last: { block: number; logIndex: number } | undefined; // the last non-removed event delivered
  let retracting = false; // the last event delivered was a retraction (more may follow, newest first)
  let lowestRetracted = Infinity;
  // After a resubscription: the replay from `replayFrom` re-sends what was delivered up to `replayUntil`.
  let replay: { from: number; until: { block: number; logIndex: number }; seen: Set<string> } | undefined;

  const resumeBlock = (): number | undefined => {
    if (!last) return fromBlock;
    if (!retracting) return last.block;
    // Retractions arrive newest first: any delivered block may still be orphaned, so replay them all (the replay is the truth).
    let lowest = lowestRetracted;
    for (const d of delivered.values()) lowest = Math.min(lowest, d.block);
    return lowest;
  };

  /** Retractions of the events the replay skipped (orphaned while disconnected) up to `position`, newest first. */
  const orphansUpTo = (position: { block: number; logIndex: number }): unknown[] => {
    if (!replay) return [];
    const orphans = [...delivered.entries()].filter(([key, d]) => d.block >= replay!.from && !before(position, d) && !replay!.seen.has(key));
    orphans.sort(([, a], [, b]) => (before(a, b) ? 1 : -1));
    for (const [key] of orphans) delivered.delete(key);
    return orphans.map(([, d]) => ({ [responseKey]: 'removed' in d.event ? { ...d.event, removed: true } : d.event }));
  };

  return {
    document: withIdentityFields(document, operation, root),
    chainId: typeof chainValue === 'number' && Number.isInteger(chainValue) ? chainValue : undefined,
    needsStart: () => fromBlock === undefined,
    start(block) {
      fromBlock = block;
    },
    variables() {
      // Cut again before the replay caught up: its orphans are not settled yet, so replay from the same block.
      const block = replay ? Math.min(replay.from, resumeBlock()!) : resumeBlock();
      if (last) {
        let until: { block: number; logIndex: number } | undefined;
        for (const d of delivered.values()) if (d.block >= block! && (!until || before(until, d))) until = d;
        replay = until ? { from: block!, until, seen: new Set() } : undefined;
        retracting = false;
        lowestRetracted = Infinity;
      }
      return block === undefined ? initialVariables : { ...initialVariables, [variableName]: block };
    },
    accept(data) {
      const event = isRecord(data) ? data[responseKey] : undefined;
      if (!isRecord(event)) return [data];
      const block = event[IDENTITY.block[0]];
      const logIndex = event[IDENTITY.logIndex[0]];
      const hash = event[IDENTITY.hash[0]];
      const removed = event[IDENTITY.removed[0]] === true;
      const visible = Object.fromEntries(Object.entries(event).filter(([k]) => !ALIASES.includes(k)));
      const out = { ...(data as Record<string, unknown>), [responseKey]: visible };
      if (typeof block !== 'number' || typeof logIndex !== 'number') return [out];
      const key = keyOf(block, logIndex, hash);
      const position = { block, logIndex };

      if (removed) {
        // A retraction is never a duplicate: the server retracts only what it delivered on this connection.
        delivered.delete(key);
        retracting = true;
        lowestRetracted = Math.min(lowestRetracted, block);
        return [out];
      }
      replay?.seen.add(key);
      const emitted = orphansUpTo(position);
      if (replay && !before(replay.until, position)) {
        if (delivered.has(key)) return emitted;
      } else {
        replay = undefined; // past the last position delivered before the resubscription: everything is new
      }
      delivered.set(key, { block, logIndex, event: visible });
      for (const [k, d] of delivered) if (d.block < block - REORG_WINDOW_BLOCKS) delivered.delete(k);
      last = position;
      retracting = false;
      lowestRetracted = Infinity;
      emitted.push(out);
      return emitted;
    },
  };
}
