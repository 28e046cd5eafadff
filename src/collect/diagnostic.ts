// What collect reports when it skips something (a bad request, an evicted or late trace) instead
// of throwing: receivers and the hub keep running and tell the caller through this callback.

/** One thing collect noticed and skipped; the caller decides whether to print it. */
export interface CollectDiagnostic {
  /** Where it happened: 'otlp-http', 'trace-hub', … */
  readonly source: string;
  readonly message: string;
  /** The HTTP status a receiver answered with, when there was a request. */
  readonly status?: number;
  /** The peer address of that request, when known. */
  readonly remoteAddress?: string;
}

/** Receives diagnostics. It must not throw; collect guards every call anyway. */
export type DiagnosticListener = (diagnostic: CollectDiagnostic) => void;

/** Calls `listener`, swallowing anything it throws: a reporting bug must not stop a receiver. */
export function emitDiagnostic(
  listener: DiagnosticListener | undefined,
  diagnostic: CollectDiagnostic,
): void {
  if (listener === undefined) return;
  try {
    listener(diagnostic);
  } catch {
    // Deliberately ignored: see the function's contract.
  }
}
