// How diff names spans, durations and tolerances inside finding messages. Values themselves go
// in `before`/`after`, which reporters render; messages stay short and carry no path.
import { formatDurationMs } from '../common/index.ts';
import { nameWithTarget, pathSegmentOf, type CanonicalNode, type CountTolerance, type DurationTolerance, type JsonValue } from '../model/index.ts';
import type { AttributeValue } from '../model/index.ts';

/** `42ms`, `850µs`, `1.32s`: the style every stage writes durations in. */
export const formatMs = formatDurationMs;

function trimNumber(value: number): string {
  return String(Number(value.toFixed(3)));
}

/** `exact`, `±1`, `1..3`: as the user writes it. */
export function formatCountTolerance(tolerance: CountTolerance): string {
  switch (tolerance.kind) {
    case 'exact':
      return 'exact';
    case 'delta':
      return `±${tolerance.delta}`;
    case 'range':
      return `${tolerance.min}..${tolerance.max}`;
  }
}

/** `×3 + 50ms`, `×2`, `+ 200ms`, `off`. */
export function formatDurationTolerance(tolerance: DurationTolerance): string {
  if (tolerance.kind === 'off') return 'off';
  const factor = `×${trimNumber(tolerance.factor)}`;
  if (tolerance.slackMs === 0) return factor;
  const slack = `+ ${trimNumber(tolerance.slackMs)}ms`;
  return tolerance.factor === 1 ? slack : `${factor} ${slack}`;
}

/**
 * A span as one sibling names another, the way paths name it: its name and target
 * (`POST /charges`, `pg.query:SELECT shop (products)`), with its service when it differs.
 */
export function siblingLabel(node: CanonicalNode, relativeTo?: CanonicalNode): string {
  const name = nameWithTarget(node.name, pathSegmentOf(node).target);
  return relativeTo === undefined || relativeTo.service === node.service ? name : `${node.service} › ${name}`;
}

/** The before/after of a rename: name, plus service and kind where those changed. */
export function renameLabel(node: CanonicalNode, other: CanonicalNode): string {
  let label = node.service === other.service ? node.name : `${node.service} › ${node.name}`;
  if (node.kind !== other.kind) label += ` (${node.kind})`;
  return label;
}

/** `ok`, `error`, `error: connection refused`. */
export function statusText(node: CanonicalNode): string {
  const { code, message } = node.status;
  return message === undefined || message === '' ? code : `${code}: ${message}`;
}

/** Attribute values are JSON already; this only narrows the type (a kvlist is a JSON object). */
export function toJson(value: AttributeValue): JsonValue {
  return value as JsonValue;
}
