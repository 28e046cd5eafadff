// Firing a trigger with a known trace context, and recording its outcome as tbt's root span.
import type { Trigger } from '../model/index.ts';
import { fireCommandTrigger } from './command-trigger.ts';
import { fireGrpcTrigger } from './grpc-trigger.ts';
import { fireHttpTrigger, type TriggerResult } from './http-trigger.ts';
import type { TriggerContext } from './root-span.ts';

/** Random ids for tbt's root span. */
export { newTraceId, newSpanId } from './ids.ts';

interface FireOptions {
  readonly timeoutMs: number;
  /** Working directory for command triggers. */
  readonly cwd: string;
  /** OTel exporter environment handed to command triggers. */
  readonly otelEnv: Readonly<Record<string, string>>;
  /** The environment a command trigger starts from (trigger/ never reads process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: the request is cancelled, the command's process group killed. */
  readonly signal?: AbortSignal;
}

/**
 * Fires any trigger. For a `traceid` trigger nothing is fired: the trace was produced elsewhere,
 * so there is no tbt root span and the result has none. HTTP and command triggers, and a unary
 * gRPC call from a .proto file (with `traceparent` metadata; streaming methods are refused).
 */
export async function fireTrigger(
  trigger: Trigger,
  context: TriggerContext,
  options: FireOptions,
): Promise<TriggerResult | undefined> {
  switch (trigger.kind) {
    case 'http':
      return fireHttpTrigger(trigger, context, options);
    case 'command':
      return fireCommandTrigger(trigger, context, options);
    case 'traceid':
      return undefined;
    case 'grpc':
      return fireGrpcTrigger(trigger, context, options);
  }
}
