// `html`: the self-contained HTML trace diff, written to PATH (tbt-report.html by default).
import path from 'node:path';
import type { RunSummary } from '../../model/index.ts';
import { EndOfRunReporter, writeToTarget } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import type { WrittenReports } from '../written-reports.ts';

/** Where `--reporter html` writes without a PATH, relative to the working directory. */
export const DEFAULT_HTML_REPORT = 'tbt-report.html';

export const htmlReporter: ReporterDefinition = {
  name: 'html',
  description: `self-contained HTML trace diff with golden/current waterfalls (PATH, default ${DEFAULT_HTML_REPORT})`,
  create(file, context) {
    return new HtmlReporter({ kind: 'file', path: file ?? path.resolve(context.cwd, DEFAULT_HTML_REPORT) }, context.writtenReports);
  },
};

/** The HTML report of a run as text; the renderer loads on first use (the CLI's runs mostly skip it). */
export async function renderHtmlReport(summary: RunSummary): Promise<string> {
  const { renderHtml } = await import('../render-html.ts');
  return renderHtml(summary);
}

/** Loads the renderer (its script and styles) only at the end of a run that asked for HTML. */
class HtmlReporter extends EndOfRunReporter {
  private readonly files: WrittenReports | undefined;

  constructor(target: { readonly kind: 'file'; readonly path: string }, written: WrittenReports | undefined) {
    super('html', () => '', target, written);
    this.files = written;
  }

  override async onRunEnd(summary: RunSummary): Promise<void> {
    writeToTarget(this.target, await renderHtmlReport(summary));
    if (this.target.kind === 'file') this.files?.record(this.target.path);
  }
}
