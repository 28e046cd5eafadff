// The stage boundaries of DESIGN.md, checked on the source: a stage reaches another only through
// its index.ts, each index.ts exports only what other stages and the library API use, model
// imports no stage, common imports only model, the pure core (and common, but for its one
// file-writing module) touches no I/O, environment or clock, only the edges read the process's
// environment and signals, and no module of src/ imports itself through a circle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/shared-traces.ts';

const srcDir = path.join(projectRoot, 'src');
const PURE_STAGES = ['normalize', 'diff', 'query', 'detect'];
/** The one module of src/common that touches the file system; everything else there is pure. */
const COMMON_IO_MODULE = 'common/atomic-write.ts';

interface SourceFile {
  readonly relative: string;
  readonly stage: string;
  readonly text: string;
}

function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  const pending = [srcDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.name.endsWith('.ts')) {
        const relative = path.relative(srcDir, full).split(path.sep).join('/');
        files.push({ relative, stage: relative.includes('/') ? (relative.split('/')[0] ?? '') : '', text: readFileSync(full, 'utf8') });
      }
    }
  }
  return files;
}

function relativeImports(file: SourceFile): string[] {
  return [...file.text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((match) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.relative), match[1] ?? ''));
    return target;
  });
}

const files = sourceFiles();

/** Every module a file loads: static imports and re-exports (types too), and `import('./x.ts')`. */
function loadedModules(file: SourceFile): string[] {
  const dynamic = [...file.text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((match) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file.relative), match[1] ?? '')),
  );
  return [...new Set([...relativeImports(file), ...dynamic])];
}

/** The import circles of `graph`, each as the path that closes it (`a → b → a`), found by depth-first search. */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    trail.push(module);
    for (const next of graph.get(module) ?? []) {
      if (state.get(next) === 'open') circles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(module, 'done');
  };
  for (const module of [...graph.keys()].sort()) if (!state.has(module)) visit(module);
  return circles;
}

test('a stage imports another stage only through its index.ts', () => {
  const offenders: string[] = [];
  for (const file of files) {
    if (file.stage === '') continue; // src/index.ts is the library API: it may reach every stage's face
    for (const target of relativeImports(file)) {
      const targetStage = target.split('/')[0] ?? '';
      if (targetStage !== file.stage && !target.endsWith('/index.ts')) offenders.push(`${file.relative} → ${target}`);
    }
  }
  assert.deepEqual(offenders, []);
});

/** The names in `{ a, type B, c as d }`, as imported (`as` takes the name on the left). */
function braceNames(list: string, side: 'imported' | 'exported'): string[] {
  return list
    .split(',')
    .map((name) => name.trim().replace(/^type\s+/, ''))
    .filter((name) => name !== '')
    .map((name) => {
      const [left = '', right = left] = name.split(/\s+as\s+/);
      return side === 'imported' ? left.trim() : right.trim();
    });
}

/** Every name an index.ts exports: re-exports (`export { a } from`, `export { a };`) and its own declarations. */
function exportedNames(text: string): string[] {
  const names = [...text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((match) => braceNames(match[1] ?? '', 'exported'));
  for (const match of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+(\w+)/gm)) names.push(match[1] ?? '');
  return names;
}

/** The names `file` takes from `stage`'s index.ts, statically or through `const { a } = await import(…)`. */
function namesImportedFrom(file: SourceFile, stage: string): string[] {
  const wanted = `${stage}/index.ts`;
  const resolve = (specifier: string): string => path.posix.normalize(path.posix.join(path.posix.dirname(file.relative), specifier));
  const names: string[] = [];
  for (const match of file.text.matchAll(/^(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/gm)) {
    if (resolve(match[2] ?? '') === wanted) names.push(...braceNames(match[1] ?? '', 'imported'));
  }
  for (const match of file.text.matchAll(/\{([^}]*)\}\s*=\s*await import\('([^']+)'\)/g)) {
    if (resolve(match[2] ?? '') === wanted) names.push(...braceNames((match[1] ?? '').replace(/:\s*\w+/g, ''), 'imported'));
  }
  return names;
}

/** What bin/tbt.js takes from the built cli (dist/cli/index.js): it imports by URL, so it is read here. */
function binImports(): string[] {
  const text = readFileSync(path.join(projectRoot, 'bin', 'tbt.js'), 'utf8');
  return [...text.matchAll(/\{([^}]*)\}\s*=\s*await import\(entry\.href\)/g)].flatMap((match) => braceNames(match[1] ?? '', 'imported'));
}

test("each stage's index.ts exports only what other stages, src/index.ts (the library API) and bin/tbt.js use", () => {
  // Tests and benchmarks are no reason to widen a face: they import a stage's modules directly.
  const unused: string[] = [];
  for (const index of files.filter((file) => file.stage !== '' && file.relative === `${file.stage}/index.ts`)) {
    const used = new Set(files.filter((file) => file.stage !== index.stage).flatMap((file) => namesImportedFrom(file, index.stage)));
    if (index.stage === 'cli') for (const name of binImports()) used.add(name);
    for (const name of exportedNames(index.text)) if (!used.has(name)) unused.push(`${index.relative}: ${name}`);
  }
  assert.deepEqual(unused, []);
});

test('src/ has no import circle, counting type-only and lazy imports', () => {
  const graph = new Map(files.map((file) => [file.relative, loadedModules(file)] as const));
  assert.deepEqual(importCircles(graph), []);
});

test('the circle finder finds a circle through a lazy import, and none in a chain', () => {
  assert.deepEqual(importCircles(new Map([['cli/program.ts', ['cli/commands/run.ts']], ['cli/commands/run.ts', ['cli/program.ts']]])), [
    'cli/commands/run.ts → cli/program.ts → cli/commands/run.ts',
  ]);
  assert.deepEqual(importCircles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]])), []);
  const lazy: SourceFile = { relative: 'cli/program.ts', stage: 'cli', text: "const { runX } = await import('./commands/run.ts');\nimport type { Io } from './io.ts';\n" };
  assert.deepEqual(loadedModules(lazy).sort(), ['cli/commands/run.ts', 'cli/io.ts']);
});

test('model imports no other stage', () => {
  const offenders = files
    .filter((file) => file.stage === 'model')
    .flatMap((file) => relativeImports(file).filter((target) => !target.startsWith('model/')).map((target) => `${file.relative} → ${target}`));
  assert.deepEqual(offenders, []);
});

test('common (the helpers every stage may use through common/index.ts) imports only model', () => {
  const offenders = files
    .filter((file) => file.stage === 'common')
    .flatMap((file) => relativeImports(file).filter((target) => !target.startsWith('common/') && target !== 'model/index.ts').map((target) => `${file.relative} → ${target}`));
  assert.deepEqual(offenders, []);
});

test('common is pure but for its file-writing module, and the pure core imports none of that module', () => {
  const offenders: string[] = [];
  for (const file of files.filter((candidate) => candidate.stage === 'common' && candidate.relative !== COMMON_IO_MODULE)) {
    if (/(?:from|import) 'node:/.test(file.text)) offenders.push(`${file.relative}: imports a node: module`);
    if (/process\.env|Date\.now\(|performance\.now\(|new Date\(\)/.test(file.text)) offenders.push(`${file.relative}: reads the environment or the clock`);
  }
  const ioModule = files.find((file) => file.relative === COMMON_IO_MODULE);
  const ioNames = ioModule === undefined ? [] : [...ioModule.text.matchAll(/^export (?:async )?(?:function|const|class) (\w+)/gm)].map((match) => match[1] ?? '');
  for (const file of files.filter((candidate) => PURE_STAGES.includes(candidate.stage))) {
    for (const match of file.text.matchAll(/^import\s*(?:type\s*)?\{([^}]*)\}\s*from '\.\.\/common\/index\.ts'/gm)) {
      const names = (match[1] ?? '').split(',').map((name) => name.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0] ?? '');
      for (const name of names.filter((candidate) => ioNames.includes(candidate))) offenders.push(`${file.relative}: imports ${name} from common`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the pure core (normalize, diff, query, detect) does no I/O and reads no environment or clock', () => {
  const offenders: string[] = [];
  for (const file of files.filter((candidate) => PURE_STAGES.includes(candidate.stage))) {
    if (/from 'node:/.test(file.text)) offenders.push(`${file.relative}: imports a node: module`);
    if (/process\.env|Date\.now\(|performance\.now\(|new Date\(\)/.test(file.text)) offenders.push(`${file.relative}: reads the environment or the clock`);
  }
  assert.deepEqual(offenders, []);
});

test('services and trigger read no process.env: the runner and the cli pass the environment in', () => {
  const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const offenders = files
    .filter((file) => ['services', 'trigger'].includes(file.stage) && /process\.env\b/.test(code(file.text)))
    .map((file) => file.relative);
  assert.deepEqual(offenders, []);
});

test('only the edges read the process: its environment, working directory and signals are passed in from cli/io.ts or the library entry (system/)', () => {
  const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  // The guardian is a program of its own (the child that holds a service or a command trigger): its signals are its own.
  const edges = (file: SourceFile): boolean => file.relative === 'cli/io.ts' || file.stage === 'system' || file.relative === 'common/process-guardian.ts';
  const offenders = files
    .filter((file) => !edges(file) && /process\.env\b|process\.cwd\(|process\.(?:on|once)\(\s*'SIG/.test(code(file.text)))
    .map((file) => file.relative);
  assert.deepEqual(offenders, []);
});

test('no file uses `any`', () => {
  // Comments may say "any"; code may not: strip them before looking.
  const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const offenders = files.filter((file) => /:\s*any\b|\bas any\b|<any>/.test(code(file.text))).map((file) => file.relative);
  assert.deepEqual(offenders, []);
});
