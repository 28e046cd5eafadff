// Judges one collected trace: normalize it, run the specs and detectors, and diff it against the
// golden snapshot. Pure: the I/O around it lives in run-test.ts.
import { explainDrift, runDetectors, type DetectorConfig } from '../detect/index.ts';
import { diffTreesWithMatching, sortFindings, type Tolerances } from '../diff/index.ts';
import type {
  AssertionResult,
  CanonicalTree,
  Finding,
  NormalizeRules,
  SpanMatching,
  SpanTree,
  TestDefinition,
  Trace,
} from '../model/index.ts';
import { buildSpanTree, canonicalize, redactTrace, secretRedactor, textMasker, type SecretRedactor } from '../normalize/index.ts';
import { evaluateOutputs, evaluateSpecs, selectCanonical, type EvaluationScope, type OutputResult } from '../query/index.ts';

export interface JudgeInput {
  readonly test: TestDefinition;
  readonly trace: Trace;
  readonly golden?: { readonly tree: CanonicalTree; readonly detectorFindingKeys: readonly string[] };
  readonly normalizeRules: NormalizeRules;
  readonly tolerances: Tolerances;
  readonly detectors: DetectorConfig;
  readonly scope: EvaluationScope;
  /** Values known to be secret in this run (credential-named env values), hidden everywhere. */
  readonly knownSecrets?: readonly string[];
  /** How spec results and detectors show values; by default the secret part of `normalizeRules`. */
  readonly redactor?: SecretRedactor;
}

export interface Judgement {
  readonly tree: SpanTree;
  readonly canonical: CanonicalTree;
  /** Drift against the golden run, with detector diagnoses attached; empty without a golden. */
  readonly findings: readonly Finding[];
  /** The diff's own findings, before detectors folded or explained any of them. */
  readonly drift: readonly Finding[];
  /** Which golden span the diff paired with which current one; absent without a golden. */
  readonly matching?: SpanMatching;
  /** Detector findings of this run alone, whose keys a new snapshot records. */
  readonly detectorFindings: readonly Finding[];
  readonly assertions: readonly AssertionResult[];
  /** The test's `outputs`, each a value or the reason it has none. */
  readonly outputs: readonly OutputResult[];
  /** True when a finding (not hidden by a tolerance) or an assertion fails the test. */
  readonly failed: boolean;
  /** True when the tree drifted from the golden one beyond tolerances. */
  readonly drifted: boolean;
}

export function judge(input: JudgeInput): Judgement {
  const tree = buildSpanTree(input.trace);
  const knownSecrets = input.knownSecrets ?? [];
  const canonical = canonicalize(tree, input.normalizeRules, { knownSecrets });
  const redactor = input.redactor ?? secretRedactor(input.normalizeRules, knownSecrets);
  // Detectors quote raw spans in keys (the snapshot header) and messages (reports). They read a
  // redacted copy, since their own id masking would break a secret's shape apart before the
  // quotes are masked like span names.
  const mask = textMasker(input.normalizeRules, knownSecrets);
  // Most runs find nothing, and then nothing is copied: the redacted copy is made only to say
  // what was found.
  let rawFindings = runDetectors(tree, input.detectors);
  if (rawFindings.length > 0) {
    const redactedTrace = redactTrace(input.trace, redactor);
    if (redactedTrace !== input.trace) rawFindings = runDetectors(buildSpanTree(redactedTrace), input.detectors);
  }
  const detectorFindings = rawFindings.map((finding) => ({
    ...finding,
    message: mask(finding.message),
    ...(finding.key === undefined ? {} : { key: mask(finding.key) }),
  }));
  // Specs judge the raw values; their messages and observed values are shown redacted.
  const assertions = evaluateSpecs(input.test.specs, input.test.flows, tree, input.scope, redactor);
  const outputs = input.test.outputs.length > 0 ? evaluateOutputs(input.test.outputs, tree, input.scope, input.test.file) : [];
  let findings: Finding[] = [];
  let drift: Finding[] = [];
  let matching: SpanMatching | undefined;
  if (input.golden) {
    // Detect compares spans with the golden ones diff matched them with, rather than matching again.
    const diff = diffTreesWithMatching(input.golden.tree, canonical, {
      tolerances: input.tolerances,
      selectNodes: (selector, target) => selectCanonical(selector, target, input.scope),
    });
    drift = diff.findings;
    matching = diff.matching;
    findings = sortFindings(
      explainDrift({
        diffFindings: drift,
        detectorFindings,
        goldenFindingKeys: input.golden.detectorFindingKeys,
        current: canonical,
        matching,
        config: input.detectors,
      }),
    );
  }
  const blocking = findings.filter((finding) => !finding.suppressed && finding.severity !== 'info');
  const drifted = blocking.length > 0;
  return {
    tree,
    canonical,
    findings,
    detectorFindings,
    assertions,
    outputs,
    drift,
    ...(matching ? { matching } : {}),
    drifted,
    failed: drifted || assertions.some((assertion) => !assertion.passed),
  };
}
