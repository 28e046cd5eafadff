// The types every stage shares. This folder imports no other stage.
export type { AttributeValue, AttributeMap, Attributes } from './attributes.ts';
export type {
  Span,
  SpanKind,
  StatusCode,
  SpanStatus,
  SpanEvent,
  SpanLink,
  InstrumentationScope,
  Trace,
  SpanParents,
} from './span.ts';
export { STATUS_OF_CODE } from './span.ts';
export type {
  SpanTreeNode,
  SpanTree,
  CanonicalEvent,
  CanonicalNode,
  CanonicalTree,
  LearnedFacts,
} from './tree.ts';
export type { PathSegment, SpanPath } from './path.ts';
export { formatPath, formatPathToRead, PATH_SEPARATOR, pathSegmentOf } from './path.ts';
export {
  attributeText,
  dbCallTarget,
  findTableClause,
  httpCallTarget,
  isDbCall,
  messagingDestination,
  messagingSystem,
  nameWithTarget,
  rpcCallTarget,
} from './span-target.ts';
export type { SpanMatching } from './span-matching.ts';
export type {
  JsonValue,
  DiffFindingKind,
  DetectorFindingKind,
  FindingKind,
  Severity,
  Finding,
} from './finding.ts';
export type {
  SourceLocation,
  HttpTrigger,
  CommandTrigger,
  TraceIdTrigger,
  GrpcTrigger,
  Trigger,
  SpecDefinition,
  FlowDefinition,
  OutputDefinition,
  TestDefinition,
  SectionLocations,
} from './test-definition.ts';
export type {
  TestOutcome,
  SnapshotAction,
  SpanAssertionResult,
  AssertionResult,
  PhaseTimings,
  Verdict,
  ConfirmRuns,
} from './verdict.ts';
export type { TbtErrorKind } from './errors.ts';
export { TbtError, formatLocation } from './errors.ts';
export type {
  ReadinessCheck,
  ServiceConfig,
  BackendConfig,
  TbtConfig,
  ReceiverLimits,
} from './config.ts';
export { DEFAULT_RECEIVER_LIMITS } from './config.ts';
export type { RunSummary } from './run.ts';
export type {
  CountTolerance,
  DurationTolerance,
  AttributeTolerance,
  ToleranceRule,
  Tolerances,
  OptionalSpans,
} from './tolerance.ts';
export type {
  DetectorRuleConfig,
  DetectorConfig,
  DetectorEvidence,
  DetectorFinding,
} from './detector.ts';
export type { RuleScope, NormalizeRule, NormalizeRules } from './normalize-rules.ts';
export type { Snapshot } from './snapshot.ts';
