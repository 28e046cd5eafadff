// `json`: the versioned JSON report, src/report/json-report.schema.json (stdout without a PATH).
import { EndOfRunReporter, fileOrStdout } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import { renderJson } from '../render-json.ts';

export const jsonReporter: ReporterDefinition = {
  name: 'json',
  description: 'JSON with tests, findings, assertions and timings (stdout without a PATH)',
  create(path, context) {
    return new EndOfRunReporter('json', renderJson, fileOrStdout(path, context), context.writtenReports);
  },
};
