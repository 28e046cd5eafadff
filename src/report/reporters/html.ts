// `html`: the self-contained HTML trace diff, written to PATH (tbt-report.html by default).
import path from 'node:path';
import { EndOfRunReporter } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import { renderHtml } from '../render-html.ts';

/** Where `--reporter html` writes without a PATH, relative to the working directory. */
export const DEFAULT_HTML_REPORT = 'tbt-report.html';

export const htmlReporter: ReporterDefinition = {
  name: 'html',
  description: `self-contained HTML trace diff with golden/current waterfalls (PATH, default ${DEFAULT_HTML_REPORT})`,
  create(file, context) {
    return new EndOfRunReporter('html', renderHtml, { kind: 'file', path: file ?? path.resolve(context.cwd, DEFAULT_HTML_REPORT) }, context.writtenReports);
  },
};
