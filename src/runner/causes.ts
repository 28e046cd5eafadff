// Why a test got no usable trace, said as it happened: a service that died, a trigger that was
// refused, a service that never exported anything, before the generic "no spans arrived".
import { TbtError, type Span } from '../model/index.ts';

export interface MissingTraceFacts {
  readonly traceId: string;
  /** What the collector saw: its spans, whether they are whole, and its own words. */
  readonly collected: { readonly spans: readonly Span[]; readonly complete: boolean; readonly problem?: string };
  /** tbt's root span for the trigger, when the trigger answered. */
  readonly rootSpan?: Span;
  /** A service that exited during the run, with its exit code and last lines. */
  readonly serviceProblem?: string;
  /** Services tbt started from which no span at all reached the receiver in this run. */
  readonly silentServices?: readonly string[];
  /** Where services were told to export. */
  readonly endpoint?: string;
  readonly interrupted?: boolean;
}

/** The error for a test whose trace is missing or incomplete, with the truest cause first. */
export function missingTraceError(facts: MissingTraceFacts): TbtError {
  const { collected, traceId } = facts;
  const none = collected.spans.length === 0;
  // A dead service explains everything after it; its exit code and output are the news.
  if (facts.serviceProblem !== undefined) {
    return new TbtError('unavailable', facts.serviceProblem, { hint: 'nothing was recorded; see the service log' });
  }
  if (facts.interrupted) {
    return new TbtError('unavailable', `stopped by Ctrl-C while collecting trace ${traceId} (${collected.spans.length} spans so far)`);
  }
  const status = facts.rootSpan?.attributes['http.response.status_code'];
  if (none && typeof status === 'number' && status >= 400) {
    return new TbtError('unavailable', `the trigger was answered with HTTP ${status} and no spans arrived for trace ${traceId}`, {
      hint: `the system under test refused the request; see tbt.response.body: ${responseBody(facts.rootSpan)}`,
    });
  }
  const exitCode = facts.rootSpan?.attributes['process.exit.code'];
  if (none && typeof exitCode === 'number' && exitCode !== 0) {
    return new TbtError('unavailable', `the trigger command exited with code ${exitCode} and no spans arrived for trace ${traceId}`, {
      hint: `its last output: ${lastLine(facts.rootSpan?.attributes['tbt.command.output'])}`,
    });
  }
  const silent = facts.silentServices ?? [];
  if (none && silent.length > 0) {
    const list = silent.map((name) => `"${name}"`).join(', ');
    return new TbtError('unavailable', `no spans arrived for trace ${traceId}: no span from ${list} has reached tbt in this run`, {
      hint: `is the OpenTelemetry SDK set up in ${silent.length === 1 ? 'that service' : 'those services'}, exporting OTLP to ${facts.endpoint ?? 'the receiver'} (OTEL_EXPORTER_OTLP_ENDPOINT)?`,
    });
  }
  if (none) {
    // Known to export (tbt saw their spans in this run): then the trace context got lost.
    const hint = facts.silentServices !== undefined
      ? `the services do export to ${facts.endpoint ?? 'the receiver'}; do they propagate the W3C traceparent header from the trigger?`
      : `does the system under test export traces to ${facts.endpoint ?? 'the receiver'} and propagate the W3C traceparent header?`;
    return new TbtError('unavailable', collected.problem ?? `no spans arrived for trace ${traceId}`, { hint });
  }
  // Judging half a trace would report drift that is not there, and recording it would make a
  // wrong golden: an incomplete trace is a test that could not run, and says what was missing.
  return new TbtError('unavailable', `the trace is incomplete: ${collected.problem ?? 'it did not settle'}`, {
    hint: 'does every service export its spans (sampler always_on, exporter endpoint)? a longer collect.timeout helps slow exporters',
  });
}

function responseBody(span: Span | undefined): string {
  const body = span?.attributes['tbt.response.body'];
  const text = typeof body === 'string' ? body.trim() : '';
  if (text === '') return '(empty)';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function lastLine(output: unknown): string {
  const lines = typeof output === 'string' ? output.trim().split('\n') : [];
  return lines.at(-1)?.trim() || '(none)';
}
