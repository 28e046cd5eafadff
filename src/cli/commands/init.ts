// `tbt init`: a starter project for a newcomer: tbt.config.yaml, one example test and the
// .gitignore lines for tbt's own files. Never overwrites: an existing file is left as it is and
// said so; .gitignore only gains the lines it lacks.
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { makeDirectorySync } from '../../common/index.ts';
import path from 'node:path';
import { TbtError } from '../../model/index.ts';
import { EXIT_OK } from '../errors.ts';
import type { CliIo } from '../io.ts';

export const STARTER_CONFIG = `# tbt: trace-based snapshot tests. \`npx tbt record\` writes snapshots/, \`npx tbt verify\` checks them.
tests:
  - tests/*.tbt.yaml
snapshots: snapshots

# The embedded OTLP/HTTP receiver your services export their spans to. 4318 is the port the
# OpenTelemetry SDKs use by default (OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318).
receiver:
  host: 127.0.0.1
  port: 4318

collect:
  settle: 250ms
  timeout: 10s

# Optional: services tbt starts before the tests (with OTEL_* pointing at the receiver) and
# stops after them. \${port:NAME} is a free port, chosen once per run.
# services:
#   - name: api
#     command: node --import ./instrumentation.mjs ./server.mjs
#     env: { PORT: "\${port:api}" }
#     ready: { http: "http://127.0.0.1:\${port:api}/health", timeout: 20s }
`;

export const STARTER_TEST = `# One test: fire the trigger, collect the trace it causes, compare it with snapshots/<id>.trace.yaml.
name: the service answers GET /
trigger:
  http:
    method: GET
    url: http://localhost:3000/
specs:
  - name: the server span answers 200
    selector: span[kind="server"]
    assertions:
      - attr:http.response.status_code = 200
`;

const GITIGNORE_LINES = ['.tbt/', '*.trace.new.yaml'];

/**
 * A file system step on `relative`; what the project's folder holds in the way (a folder where a
 * file goes, a file where a folder goes) is the user's to fix: exit 2, naming the path.
 */
function onPath<T>(relative: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const reason = code === 'EISDIR' ? 'it is a folder, where tbt init writes a file'
      : code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of the folder it goes in'
        : `cannot write it (${code})`;
    throw new TbtError('io', reason, { location: { file: relative } });
  }
}

/** Anything at `file`, a dangling symlink included (existsSync follows it and says no). */
function pathTaken(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

export async function runInit(io: CliIo): Promise<number> {
  const created: string[] = [];
  const write = (relative: string, text: string): void => {
    const file = path.join(io.cwd, relative);
    if (pathTaken(file)) {
      io.stdout.write(`kept ${relative}: it exists already (tbt init never overwrites)\n`);
      return;
    }
    onPath(relative, () => {
      makeDirectorySync(path.dirname(file));
      writeFileSync(file, text, { flag: 'wx' });
    });
    created.push(relative);
    io.stdout.write(`wrote ${relative}\n`);
  };
  write('tbt.config.yaml', STARTER_CONFIG);
  write(path.join('tests', 'example.tbt.yaml'), STARTER_TEST);

  const gitignore = path.join(io.cwd, '.gitignore');
  const existing = existsSync(gitignore) ? onPath('.gitignore', () => readFileSync(gitignore, 'utf8')) : undefined;
  const present = new Set((existing ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line));
  if (missing.length > 0) {
    const separator = existing === undefined || existing === '' || existing.endsWith('\n') ? '' : '\n';
    onPath('.gitignore', () => writeFileSync(gitignore, `${existing ?? ''}${separator}${missing.join('\n')}\n`));
    io.stdout.write(`${existing === undefined ? 'wrote' : 'added to'} .gitignore: ${missing.join(', ')}\n`);
  }

  io.stdout.write(
    created.length > 0
      ? '\nnext: point tests/example.tbt.yaml at your service, start it with OTLP export to http://localhost:4318, then run\n  npx tbt record\n'
      : '\nnothing new to write; run `npx tbt verify`\n',
  );
  return EXIT_OK;
}
