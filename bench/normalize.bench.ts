// Times buildSpanTree, canonicalize and renderSnapshot on synthetic traces of 1k, 10k and 100k
// spans (deep chain, wide fan-out, realistic mix). Prints figures; asserts nothing.
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES, normalizeFingerprint } from '../src/normalize/index.ts';
import { renderSnapshot, parseSnapshot } from '../src/snapshot/index.ts';
import { syntheticTrace, type SyntheticShape } from './synthetic-trace.ts';

const sizes = [1_000, 10_000, 100_000];
const shapes: SyntheticShape[] = ['chain', 'fanout', 'mix'];
const fingerprint = normalizeFingerprint(DEFAULT_NORMALIZE_RULES);

const time = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};

console.log('shape   spans    build ms  canon ms  render ms  total ms  parse ms  yaml KB  nodes  peak RSS MB (process, so far)');
for (const shape of shapes) {
  for (const spans of sizes) {
    const trace = syntheticTrace({ shape, spans });
    // `npm run bench` passes --expose-gc: start each row from a collected heap, for steadier figures
    (globalThis as { gc?: () => void }).gc?.();
    const [tree, buildMs] = time(() => buildSpanTree(trace));
    const [canonical, canonMs] = time(() => canonicalize(tree, DEFAULT_NORMALIZE_RULES));
    const [text, renderMs] = time(() =>
      renderSnapshot({ id: 'bench', test: 'bench', file: 'bench', trigger: 'bench', normalize: fingerprint, detectorFindings: [], tree: canonical }),
    );
    const [, parseMs] = time(() => parseSnapshot(text, 'bench.trace.yaml'));
    const nodes = (text.match(/^\s*- span: /gm) ?? []).length;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      [
        shape.padEnd(7),
        String(spans).padStart(6),
        buildMs.toFixed(1).padStart(10),
        canonMs.toFixed(1).padStart(9),
        renderMs.toFixed(1).padStart(10),
        (buildMs + canonMs + renderMs).toFixed(1).padStart(9),
        parseMs.toFixed(1).padStart(9),
        (text.length / 1024).toFixed(0).padStart(8),
        String(nodes).padStart(6),
        rssMb.toFixed(0).padStart(12),
      ].join(' '),
    );
  }
}
