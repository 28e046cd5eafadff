// `pretty`: the terminal reporter (the default). With a PATH it writes the same text, uncoloured,
// to that file at the end of the run.
import type { RunSummary } from '../../model/index.ts';
import { EndOfRunReporter } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import { PrettyReporter } from '../pretty-reporter.ts';
import { renderRunEndPretty, renderVerdictPretty } from '../render-pretty.ts';
import { createStyle } from '../style.ts';

export const prettyReporter: ReporterDefinition = {
  name: 'pretty',
  description: 'readable drift, grouped by test and tree path (stdout, with progress on a TTY)',
  create(path, context) {
    if (path === undefined) {
      return new PrettyReporter({
        stream: context.stdout,
        color: context.color,
        verbose: context.verbose,
        progress: context.stdout.isTTY === true && !context.ci,
        ...(context.now !== undefined ? { now: context.now } : {}),
        ...(context.writtenReports !== undefined ? { writtenReports: context.writtenReports } : {}),
      });
    }
    const options = { style: createStyle(false), verbose: context.verbose };
    const render = (summary: RunSummary): string =>
      summary.verdicts.map((v) => renderVerdictPretty(v, options)).join('') + renderRunEndPretty(summary, options);
    return new EndOfRunReporter('pretty', render, { kind: 'file', path }, context.writtenReports);
  },
};
