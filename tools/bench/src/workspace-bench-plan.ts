/** The shape of the workspaces a run creates. */
export type WorkspaceShape = 'flat' | 'tree';

/** One workspace to create: its name, and where it sits (index of its parent in the plan, -1 for the top parent). */
export interface PlannedWorkspace {
  readonly index: number;
  readonly name: string;
  readonly parent: number;
  /** 1 for children of the top parent. */
  readonly depth: number;
}

/** Nodes of a full tree of `depth` levels with `branching` children each (the top parent not counted). */
export function treeCapacity(depth: number, branching: number): number {
  let total = 0;
  for (let level = 1, width = branching; level <= depth; level++, width *= branching) total += width;
  return total;
}

/** The smallest branching (at least `min`) whose tree of `depth` levels holds `n` workspaces. */
export function branchingFor(n: number, depth: number, min: number): number {
  let b = Math.max(1, min);
  while (treeCapacity(depth, b) < n) b++;
  return b;
}

/**
 * The i-th workspace of a plan, in creation order (breadth first for a tree, so a parent always comes before its
 * children). Flat: every workspace is a child of the top parent. Tree: level L holds branching^L workspaces; the
 * k-th of level L is a child of the floor(k / branching)-th of level L-1. Names are unique across the plan.
 */
export function plannedWorkspace(i: number, shape: WorkspaceShape, branching: number, prefix = 'ws'): PlannedWorkspace {
  const name = `${prefix}-${i}`;
  if (shape === 'flat') return { index: i, name, parent: -1, depth: 1 };
  let levelStart = 0;
  let width = branching;
  let depth = 1;
  while (i >= levelStart + width) {
    levelStart += width;
    width *= branching;
    depth++;
  }
  if (depth === 1) return { index: i, name, parent: -1, depth };
  const k = i - levelStart;
  const previousStart = levelStart - width / branching;
  return { index: i, name, parent: previousStart + Math.floor(k / branching), depth };
}
