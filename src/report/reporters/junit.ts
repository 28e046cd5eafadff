// `junit`: JUnit XML for CI test views (stdout without a PATH).
import { EndOfRunReporter, fileOrStdout } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import { renderJunit } from '../render-junit.ts';

export const junitReporter: ReporterDefinition = {
  name: 'junit',
  description: 'JUnit XML, one testcase per test (stdout without a PATH)',
  create(path, context) {
    return new EndOfRunReporter('junit', renderJunit, fileOrStdout(path, context), context.writtenReports);
  },
};
