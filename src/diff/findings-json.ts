// Findings as JSON for `tbt diff --json` and library users: the same fields, in the same shape,
// as the findings of the JSON report, so one reader handles both.
import { formatPath } from '../model/index.ts';
import type { Finding, JsonValue } from '../model/index.ts';

type JsonObject = { [key: string]: JsonValue };

/** One finding as a JSON object; absent fields are left out, `suppressed` is always there. */
export function findingToJsonValue(finding: Finding): JsonObject {
  const out: JsonObject = {
    kind: finding.kind,
    severity: finding.severity,
    path: finding.path.map((segment) => ({ service: segment.service, name: segment.name })),
    pathText: formatPath(finding.path),
    message: finding.message,
  };
  if (finding.before !== undefined) out.before = finding.before;
  if (finding.after !== undefined) out.after = finding.after;
  if (finding.tolerance !== undefined) out.tolerance = finding.tolerance;
  out.suppressed = finding.suppressed === true;
  if (finding.diagnosis !== undefined) out.diagnosis = finding.diagnosis;
  if (finding.key !== undefined) out.key = finding.key;
  return out;
}

/** A JSON array of the findings, indented by two spaces, in the order given. */
export function findingsToJson(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map(findingToJsonValue), null, 2);
}
