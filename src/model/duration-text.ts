// How every stage writes a duration for people: one style, so a report never shows `10s` in one
// line and `10.00s` in the next.

/** Milliseconds as a person reads them: `850µs`, `42ms`, `1.5s`, `1m30s`. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms > 0 && ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`;
}
