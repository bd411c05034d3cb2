/** Bounds for the work done on one front matter value. */
export interface YamlLimits {
  /** Nodes counted as if every alias were expanded in place. */
  readonly maxNodes: number;
  /** Nesting of sequences and mappings; the top-level mapping is depth 1. */
  readonly maxDepth: number;
}

export type YamlMeasure =
  | { readonly ok: true; readonly nodes: number; readonly depth: number }
  | { readonly ok: false; readonly exceeded: "nodes" | "depth" };

/**
 * Count a parsed YAML value's nodes as a serialiser would see them. js-yaml resolves aliases to
 * shared objects, so a "billion laughs" document parses cheaply but explodes once the catalogue
 * is written as JSON; an anchor used inside itself even makes a cycle. The walk stops as soon as
 * a limit is passed, so the work is bounded by the limits, not by the expansion.
 */
export function measureYamlValue(value: unknown, limits: YamlLimits): YamlMeasure {
  const state = { nodes: 0, depth: 0, exceeded: undefined as "nodes" | "depth" | undefined };
  walk(value, 1, limits, state);
  return state.exceeded === undefined
    ? { ok: true, nodes: state.nodes, depth: state.depth }
    : { ok: false, exceeded: state.exceeded };
}

function walk(
  value: unknown,
  depth: number,
  limits: YamlLimits,
  state: { nodes: number; depth: number; exceeded: "nodes" | "depth" | undefined },
): void {
  state.nodes += 1;
  if (state.nodes > limits.maxNodes) {
    state.exceeded = "nodes";
    return;
  }
  if (typeof value !== "object" || value === null || value instanceof Date) return;
  if (ArrayBuffer.isView(value)) return;
  if (depth > limits.maxDepth) {
    state.exceeded = "depth";
    return;
  }
  if (depth > state.depth) state.depth = depth;
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) {
    walk(child, depth + 1, limits, state);
    if (state.exceeded !== undefined) return;
  }
}
