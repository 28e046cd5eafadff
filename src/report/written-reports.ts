// The report files a run has written, shared by the reporters of one run: file reporters record,
// the terminal reporter (which ends last) names them before the summary line.
import path from 'node:path';

export class WrittenReports {
  private readonly cwd: string;
  private readonly list: string[] = [];

  /** Files are shown relative to `cwd` when inside it, else as absolute paths. */
  constructor(cwd: string) {
    this.cwd = cwd;
  }

  record(file: string): void {
    const relative = path.relative(this.cwd, file);
    const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
    this.list.push(shown.split(path.sep).join('/'));
  }

  /** In the order they were written. */
  get files(): readonly string[] {
    return this.list;
  }
}
