import type { ChildProcess } from 'node:child_process';

// One registry per process: every anvil we spawn is SIGKILLed when this process exits,
// including after an uncaught exception, so no child outlives its parent.
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Tracks `child` until it exits; SIGKILLs it on process 'exit' if it is still running. */
export function registerChild(child: ChildProcess): void {
  if (!exitHookInstalled) {
    process.once('exit', killAllChildren);
    exitHookInstalled = true;
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** The number of registered children still running (for tests and diagnostics). */
export function countLiveChildren(): number {
  return children.size;
}
