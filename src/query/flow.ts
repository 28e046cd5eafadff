// Flows: selectors that must happen in order. Step k is matched by the earliest span (not used by
// an earlier step) that starts no earlier than the span matched for step k-1; greedy earliest is
// optimal, so a flow fails only when no ordering exists. A broken flow names the step and the
// spans that step saw.
import { formatPath, type AssertionResult, type SpanAssertionResult } from '../model/index.ts';
import type { CompiledFlow } from './compile.ts';
import { formatDuration, nanos } from './duration.ts';
import { selectIndices, type EvaluationScope } from './select.ts';
import { pathOf, type FlatTree } from './source.ts';

function traceStart(flat: FlatTree): bigint | undefined {
  let earliest: bigint | undefined;
  for (const span of flat.spans) {
    const start = span.startTimeUnixNano;
    if (start !== undefined && (earliest === undefined || start < earliest)) earliest = start;
  }
  return earliest;
}

export function evaluateFlow(flow: CompiledFlow, flat: FlatTree, scope: EvaluationScope): AssertionResult {
  const where = flow.definition.location;
  const origin = traceStart(flat) ?? 0n;
  const startOf = (index: number): bigint => flat.spans[index]?.startTimeUnixNano ?? origin;
  const offset = (index: number): string => `+${formatDuration(nanos(startOf(index) - origin))}`;
  const label = (step: number): string => `step ${step + 1} (${flow.steps[step]?.text ?? ''})`;
  const base = {
    selector: flow.steps.map((step) => step.text).join(' → '),
    assertion: flow.definition.name ? `flow "${flow.definition.name}"` : 'flow',
    ...(where?.file ? { file: where.file } : {}),
    ...(where?.line !== undefined ? { line: where.line } : {}),
  };
  const used = new Set<number>();
  const chosen: SpanAssertionResult[] = [];
  let previous: number | undefined;
  for (let step = 0; step < flow.steps.length; step++) {
    const matches = selectIndices(flow.steps[step] as CompiledFlow['steps'][number], flat, scope, where);
    const ordered = [...matches].sort((a, b) => {
      const byStart = startOf(a) - startOf(b);
      return byStart < 0n ? -1 : byStart > 0n ? 1 : a - b;
    });
    const floor = previous === undefined ? undefined : startOf(previous);
    const pick = ordered.find((index) => !used.has(index) && (floor === undefined || startOf(index) >= floor));
    if (pick === undefined) {
      const seen = ordered.map((index): SpanAssertionResult => ({
        path: formatPath(pathOf(flat, index)),
        observed: offset(index),
        passed: false,
        message: used.has(index) ? `already matched an earlier step` : `starts before ${label(step - 1)}`,
      }));
      const after = previous === undefined ? '' : ` at or after ${label(step - 1)}, which started at ${offset(previous)}`;
      const message =
        matches.length === 0
          ? `${label(step)} broke: no span matched it`
          : `${label(step)} broke: none of the ${matches.length} span(s) it matched started${after}`;
      return { ...base, passed: false, message, spans: [...chosen, ...seen] };
    }
    used.add(pick);
    chosen.push({ path: formatPath(pathOf(flat, pick)), observed: offset(pick), passed: true, message: label(step) });
    previous = pick;
  }
  return { ...base, passed: true, spans: chosen };
}
