// `github`: workflow-command annotations on stdout (or a file), pointing at snapshot lines.
import path from 'node:path';
import { EndOfRunReporter, fileOrStdout } from '../reporter-definition.ts';
import type { ReporterDefinition } from '../reporter-definition.ts';
import { renderGithubAnnotations } from '../render-github.ts';
import { readTextIfExists } from '../io.ts';

export const githubReporter: ReporterDefinition = {
  name: 'github',
  description: 'GitHub Actions ::error annotations at the snapshot or test-file line (stdout without a PATH)',
  create(file, context) {
    const read = context.readText ?? readTextIfExists;
    const options = {
      readSnapshot: (snapshot: string) => read(path.resolve(context.cwd, snapshot)),
      displayPath: (name: string) => path.relative(context.cwd, path.resolve(context.cwd, name)).split(path.sep).join('/'),
    };
    return new EndOfRunReporter('github', (summary) => renderGithubAnnotations(summary, options), fileOrStdout(file, context), context.writtenReports);
  },
};
