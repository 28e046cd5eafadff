// Compiles a test's specs, flows and outputs before anything fires: every selector and assertion
// is parsed and bound, and each problem becomes a TbtError located in the test file.
import { TbtError, type FlowDefinition, type OutputDefinition, type SourceLocation, type SpecDefinition } from '../model/index.ts';
import { bindAssertion, bindExpression, bindSelector, type BoundAssertion, type BoundExpression, type BoundSelector } from './bind.ts';
import { lineColumn, ParseError } from './errors.ts';

export interface CompiledSpec {
  readonly definition: SpecDefinition;
  readonly selector: BoundSelector;
  readonly assertions: readonly BoundAssertion[];
}

export interface CompiledFlow {
  readonly definition: FlowDefinition;
  readonly steps: readonly BoundSelector[];
}

export interface CompiledOutput {
  readonly definition: OutputDefinition;
  readonly selector: BoundSelector;
  readonly value: BoundExpression;
}

export interface CompiledSpecs {
  readonly specs: readonly CompiledSpec[];
  readonly flows: readonly CompiledFlow[];
  readonly outputs: readonly CompiledOutput[];
}

/** Which piece of a test a text came from, so a loader can say where it sits in the file. */
export type SourceRef =
  | { readonly part: 'spec-selector'; readonly spec: number }
  | { readonly part: 'assertion'; readonly spec: number; readonly index: number }
  | { readonly part: 'flow-step'; readonly flow: number; readonly index: number }
  | { readonly part: 'output-selector' | 'output-value'; readonly output: number };

/**
 * Where a text starts in its file. `inline`: one source line whose columns map 1:1 to offsets
 * (plain or quoted scalars); `block`: a YAML block scalar whose lines keep their columns;
 * `unknown`: only the start is known.
 */
export interface TextOrigin extends SourceLocation {
  readonly layout: 'inline' | 'block' | 'unknown';
}

export type Locator = (ref: SourceRef) => TextOrigin | undefined;

export interface CompileOptions {
  readonly outputs?: readonly OutputDefinition[];
  readonly locate?: Locator;
}

/** Maps a ParseError's offset through a text's origin to file:line:column. */
export function locateIn(error: ParseError, origin: TextOrigin | SourceLocation): SourceLocation {
  return exactly(error.source, error.offset, origin) ?? (origin.line === undefined || origin.column === undefined ? { file: origin.file } : { file: origin.file, line: origin.line, column: origin.column });
}

/** The file position of `offset` in `source`, when the origin's layout allows an exact one. */
function exactly(source: string, offset: number, origin: TextOrigin | SourceLocation): SourceLocation | undefined {
  if (origin.line === undefined || origin.column === undefined) return undefined;
  const layout = 'layout' in origin ? origin.layout : 'unknown';
  const { line, column } = lineColumn(source, offset);
  if (layout === 'inline' && line === 1) return { file: origin.file, line: origin.line, column: origin.column + offset };
  if (layout === 'block') return { file: origin.file, line: origin.line + line - 1, column: origin.column + column - 1 };
  return undefined;
}

function describeRef(ref: SourceRef, specs: readonly SpecDefinition[], flows: readonly FlowDefinition[]): string {
  const specName = (index: number): string => {
    const name = specs[index]?.name;
    return name ? `spec "${name}"` : `spec ${index + 1}`;
  };
  switch (ref.part) {
    case 'spec-selector':
      return `selector of ${specName(ref.spec)}`;
    case 'assertion':
      return `assertion ${ref.index + 1} of ${specName(ref.spec)}`;
    case 'flow-step': {
      const name = flows[ref.flow]?.name;
      return `step ${ref.index + 1} of ${name ? `flow "${name}"` : `flow ${ref.flow + 1}`}`;
    }
    case 'output-selector':
      return `selector of output ${ref.output + 1}`;
    case 'output-value':
      return `value of output ${ref.output + 1}`;
  }
}

/** Compiles everything, collecting every problem instead of stopping at the first. */
export function compileCollecting(
  specs: readonly SpecDefinition[],
  flows: readonly FlowDefinition[],
  file: string,
  options: CompileOptions = {},
): { readonly compiled: CompiledSpecs; readonly problems: readonly TbtError[] } {
  const problems: TbtError[] = [];
  const attempt = <T>(ref: SourceRef, fallback: SourceLocation, work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const origin = options.locate?.(ref) ?? fallback;
      const location = locateIn(error, origin);
      const reason = error.reasonAt((offset) => exactly(error.source, offset, origin), location.line);
      problems.push(
        new TbtError('syntax', `invalid ${error.language} in the ${describeRef(ref, specs, flows)}: ${reason}`, {
          location,
          ...(error.hint ? { hint: error.hint } : {}),
          cause: error,
        }),
      );
      return undefined;
    }
  };
  const compiledSpecs: CompiledSpec[] = [];
  specs.forEach((spec, specIndex) => {
    const fallback = spec.location ?? { file };
    const selector = attempt({ part: 'spec-selector', spec: specIndex }, fallback, () => bindSelector(spec.selector));
    const assertions: BoundAssertion[] = [];
    spec.assertions.forEach((text, index) => {
      const bound = attempt({ part: 'assertion', spec: specIndex, index }, spec.assertionLocations?.[index] ?? fallback, () => bindAssertion(text));
      if (bound) assertions.push(bound);
    });
    if (selector && assertions.length === spec.assertions.length) compiledSpecs.push({ definition: spec, selector, assertions });
  });
  const compiledFlows: CompiledFlow[] = [];
  flows.forEach((flow, flowIndex) => {
    const fallback = flow.location ?? { file };
    if (flow.steps.length === 0) {
      problems.push(new TbtError('config', `flow ${flow.name ? `"${flow.name}"` : flowIndex + 1} has no steps`, { location: options.locate?.({ part: 'flow-step', flow: flowIndex, index: 0 }) ?? fallback }));
      return;
    }
    const steps = flow.steps.map((text, index) => attempt({ part: 'flow-step', flow: flowIndex, index }, fallback, () => bindSelector(text)));
    if (steps.every((step) => step !== undefined)) compiledFlows.push({ definition: flow, steps: steps as BoundSelector[] });
  });
  const compiledOutputs: CompiledOutput[] = [];
  (options.outputs ?? []).forEach((output, index) => {
    const fallback = { file };
    const selector = attempt({ part: 'output-selector', output: index }, fallback, () => bindSelector(output.selector));
    const value = attempt({ part: 'output-value', output: index }, fallback, () => bindExpression(output.value));
    if (selector && value) compiledOutputs.push({ definition: output, selector, value });
  });
  return { compiled: { specs: compiledSpecs, flows: compiledFlows, outputs: compiledOutputs }, problems };
}

const compiledCache = new WeakMap<readonly SpecDefinition[], WeakMap<readonly FlowDefinition[], CompiledSpecs>>();

/**
 * Compiles a test's specs and flows, throwing the first problem as a located TbtError, so a run
 * fails with exit 2 before firing anything. Results are cached per definition arrays.
 */
export function compileSpecs(
  specs: readonly SpecDefinition[],
  flows: readonly FlowDefinition[],
  file: string,
  options: CompileOptions = {},
): CompiledSpecs {
  const cached = options.outputs === undefined ? compiledCache.get(specs)?.get(flows) : undefined;
  if (cached) return cached;
  const { compiled, problems } = compileCollecting(specs, flows, file, options);
  const first = problems[0];
  if (first) throw first;
  if (options.outputs === undefined) {
    const byFlows = compiledCache.get(specs) ?? new WeakMap<readonly FlowDefinition[], CompiledSpecs>();
    byFlows.set(flows, compiled);
    compiledCache.set(specs, byFlows);
  }
  return compiled;
}
