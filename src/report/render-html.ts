// The HTML trace diff: one self-contained file (inline data, style and script, and a CSP that
// forbids any network access) with a summary across tests and, per test, findings plus golden and
// current waterfalls side by side on one time axis.
import type { Attributes, RunSummary, Verdict } from '../model/index.ts';
import { describeFinding, findingMarker, findingPathText, formatValue, reportedFindings, totalMs } from './finding-text.ts';
import { HTML_SCRIPT } from './html-script.ts';
import { HTML_STYLE } from './html-style.ts';
import { renderSummaryLine } from './summary-line.ts';
import { snapshotNote } from './snapshot-note.ts';
import { buildWaterfall, driftClassOf } from './waterfall-layout.ts';
import type { RowSide } from './waterfall-layout.ts';

interface SideData {
  t: number;
  m: number;
  n: number;
  st: string;
  sm?: string;
  a?: Attributes;
  e?: readonly string[];
}

function sideData(side: RowSide, attributes: boolean): SideData {
  return {
    t: side.start,
    m: side.durationMs,
    n: side.count,
    st: side.status,
    ...(side.statusMessage !== undefined ? { sm: side.statusMessage } : {}),
    ...(attributes ? { a: side.attributes } : {}),
    ...(side.events.length > 0 ? { e: side.events } : {}),
  };
}

function testData(verdict: Verdict) {
  // Suppressed findings are listed (dimmed); failed assertions come from verdict.assertions.
  const listed = reportedFindings(verdict, true);
  const waterfall = buildWaterfall(verdict.golden, verdict.current, listed, verdict.matching);
  const rowOfFinding = new Map<number, number>();
  const rows = waterfall.rows.map((row, index) => {
    for (const f of row.findings) rowOfFinding.set(f, index);
    // Golden attributes are sent only where they differ: the page stays small for big traces.
    const sameAttributes =
      row.golden !== undefined && row.current !== undefined && JSON.stringify(row.golden.attributes) === JSON.stringify(row.current.attributes);
    return {
      d: row.depth,
      n: row.name,
      s: row.service,
      k: row.kind,
      ...(row.golden ? { g: sideData(row.golden, !sameAttributes) } : {}),
      ...(row.current ? { c: sideData(row.current, true) } : {}),
      ...(row.findings.length > 0 ? { f: row.findings } : {}),
      ...(row.drift !== undefined ? { x: row.drift } : {}),
    };
  });
  const findings = listed.map((finding, index) => ({
    path: findingPathText(finding),
    text: describeFinding(finding),
    kind: finding.kind,
    drift: driftClassOf(finding.kind),
    detector: findingMarker(finding.kind) === '!',
    suppressed: finding.suppressed === true,
    row: rowOfFinding.get(index) ?? -1,
    ...(finding.tolerance !== undefined ? { tolerance: finding.tolerance } : {}),
    ...(finding.diagnosis !== undefined ? { diagnosis: finding.diagnosis } : {}),
  }));
  const assertions = verdict.assertions
    .filter((a) => !a.passed)
    .map((a) => ({
      selector: a.selector,
      assertion: a.assertion,
      ...(a.message !== undefined ? { message: a.message } : {}),
      ...(a.file !== undefined ? { where: a.line !== undefined ? `${a.file}:${a.line}` : a.file } : {}),
      spans: a.spans
        .filter((s) => !s.passed)
        .map((s) => ({ path: s.path, observed: `${s.observed === undefined ? 'no value' : `observed ${formatValue(s.observed)}`}${s.message === undefined ? '' : ` (${s.message})`}` })),
    }));
  return {
    name: verdict.name,
    file: verdict.file,
    outcome: verdict.outcome,
    ...(verdict.error !== undefined ? { error: verdict.error } : {}),
    ...(verdict.snapshotFile !== undefined ? { snapshotFile: verdict.snapshotFile } : {}),
    snapshotAction: verdict.snapshotAction,
    snapshotNote: snapshotNote(verdict),
    spanCount: verdict.spanCount,
    timings: verdict.timings,
    durationMs: totalMs(verdict.timings),
    failingCount: findings.filter((f) => !f.suppressed).length + assertions.length,
    findings,
    assertions,
    hasGolden: verdict.golden !== undefined,
    hasCurrent: verdict.current !== undefined,
    totalMs: waterfall.totalMs,
    rows,
  };
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The whole HTML report of a run, as one self-contained document. */
export function renderHtml(summary: RunSummary): string {
  const tests = summary.verdicts.map(testData);
  const firstFailing = summary.verdicts.findIndex((v) => v.outcome !== 'passed');
  const data = {
    summary: {
      line: renderSummaryLine(summary),
      errored: summary.errored,
      durationMs: summary.durationMs,
      ...(summary.servicesStartMs !== undefined ? { servicesStartMs: summary.servicesStartMs } : {}),
      ...(summary.startedAt !== undefined ? { startedAt: summary.startedAt } : {}),
      obsolete: summary.obsoleteSnapshots,
    },
    initial: Math.max(0, firstFailing),
    tests,
  };
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The report must work offline and must never call out, even if a value in it looks like a URL.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>tbt report: ${escapeHtml(renderSummaryLine(summary))}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><noscript>This report needs JavaScript to draw the waterfalls.</noscript></div>',
    `<script id="tbt-data" type="application/json">${scriptSafeJson(data)}</script>`,
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
