// A test as tbt runs it, whatever file format it was written in (`*.tbt.yaml` or Tracetest).
import type { JsonValue } from './finding.ts';

/** file:line:column of something a user wrote; lines and columns count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface HttpTrigger {
  readonly kind: 'http';
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A string is sent as is; any other JSON value is serialized, with content-type JSON. */
  readonly body?: JsonValue;
}

export interface CommandTrigger {
  readonly kind: 'command';
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface TraceIdTrigger {
  readonly kind: 'traceid';
  readonly traceId: string;
}

export interface GrpcTrigger {
  readonly kind: 'grpc';
  readonly protoFile: string;
  readonly address: string;
  /** `package.Service/Method` */
  readonly method: string;
  readonly request: JsonValue;
  readonly metadata: Readonly<Record<string, string>>;
}

export type Trigger = HttpTrigger | CommandTrigger | TraceIdTrigger | GrpcTrigger;

/** One `selector` with its assertions, as written (parsing happens in query). */
export interface SpecDefinition {
  readonly name?: string;
  readonly selector: string;
  readonly assertions: readonly string[];
  readonly location?: SourceLocation;
  /** Where each assertion's own text was written, index for index with `assertions`. */
  readonly assertionLocations?: readonly SourceLocation[];
}

/** An ordered list of selectors that must match spans starting in that order. */
export interface FlowDefinition {
  readonly name?: string;
  readonly steps: readonly string[];
  readonly location?: SourceLocation;
}

/** A value a test exports for later steps of a suite (Tracetest `outputs`). */
export interface OutputDefinition {
  readonly name: string;
  readonly selector: string;
  readonly value: string;
}

export interface TestDefinition {
  /** Stable id, used as the snapshot file name: `snapshots/<id>.trace.yaml`. */
  readonly id: string;
  readonly name: string;
  /** Path of the file that defined it, relative to the config's root. */
  readonly file: string;
  readonly trigger: Trigger;
  /** Where the trigger was written, for errors in it (a missing `${var:X}`) that have no finer position. */
  readonly triggerLocation?: SourceLocation;
  readonly specs: readonly SpecDefinition[];
  readonly flows: readonly FlowDefinition[];
  readonly outputs: readonly OutputDefinition[];
  /** Per-test overrides of the config's `tolerances:` and `normalize:` sections, unparsed. */
  readonly tolerances?: unknown;
  readonly normalize?: unknown;
  /** Where those sections were written, so that their errors point at them. */
  readonly sectionLocations?: SectionLocations;
}

/** Where a test's `tolerances:` and `normalize:` sections, and each value inside them, were written. */
export interface SectionLocations {
  readonly tolerances?: SourceLocation;
  readonly normalize?: SourceLocation;
  /**
   * Each value inside the sections by its path as messages name it (`normalize.mask[0].pattern`),
   * so that an error about one value points at it rather than at its section.
   */
  readonly values?: Readonly<Record<string, SourceLocation>>;
}
