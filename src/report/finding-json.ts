// One finding as JSON, in the one shape every JSON tbt writes uses (the JSON report, `tbt diff
// --json`), so that one reader handles both. Absent fields are left out; `suppressed` is always there.
import { formatPath, type Finding } from '../model/index.ts';
import type { JsonReportFinding } from './json-report-types.ts';

/** `{ key: value }` when value is defined, else `{}`: optional fields are absent, never null. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** The finding as the JSON report holds it, `learned` included. */
export function findingJson(finding: Finding): JsonReportFinding {
  return {
    kind: finding.kind,
    severity: finding.severity,
    path: finding.path.map((s) => ({ service: s.service, name: s.name })),
    pathText: formatPath(finding.path),
    message: finding.message,
    ...opt('before', finding.before),
    ...opt('after', finding.after),
    ...opt('tolerance', finding.tolerance),
    suppressed: finding.suppressed === true,
    ...opt('diagnosis', finding.diagnosis),
    ...opt('key', finding.key),
    ...opt('learned', finding.learned),
  };
}

/**
 * `tbt diff --json`: a JSON array of the findings, indented by two spaces, in the order given;
 * each in the JSON report's shape but for `learned`, which only a recorded snapshot's run knows.
 */
export function findingsToJson(findings: readonly Finding[]): string {
  return JSON.stringify(
    findings.map((finding) => {
      const { learned: _learned, ...shown } = findingJson(finding);
      return shown;
    }),
    null,
    2,
  );
}
