// The snapshot format files (render, parse, emitter) do no I/O; only the store touches the disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/shared-traces.ts';

test('the format files (render, parse, emitter) do no I/O; only the store touches the disk', () => {
  const dir = path.join(projectRoot, 'src', 'snapshot');
  for (const file of ['format.ts', 'render-snapshot.ts', 'parse-snapshot.ts', 'yaml-emitter.ts']) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const forbidden of [/from ['"]node:/, /process\.env/, /Date\.now\(/, /new Date\(/, /Math\.random\(/]) {
      assert.doesNotMatch(text, forbidden, `${file} must stay pure`);
    }
  }
});
