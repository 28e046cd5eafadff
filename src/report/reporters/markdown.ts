// `markdown`: a summary table plus <details> per failed test; appended to $GITHUB_STEP_SUMMARY
// when the caller passes it and no PATH was given, else stdout.
import { EndOfRunReporter } from '../reporter-definition.ts';
import type { OutputTarget, ReporterDefinition } from '../reporter-definition.ts';
import { renderMarkdown } from '../render-markdown.ts';

export const markdownReporter: ReporterDefinition = {
  name: 'markdown',
  description: 'Markdown summary table and per-test drift ($GITHUB_STEP_SUMMARY when set, else stdout)',
  create(path, context) {
    let target: OutputTarget;
    if (path !== undefined) target = { kind: 'file', path };
    else if (context.githubStepSummary !== undefined && context.githubStepSummary !== '') {
      target = { kind: 'append', path: context.githubStepSummary };
    } else target = { kind: 'stream', stream: context.stdout };
    return new EndOfRunReporter('markdown', renderMarkdown, target, context.writtenReports);
  },
};
