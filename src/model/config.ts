// The resolved project configuration (`tbt.config.yaml`): every key has a default, so an empty
// file works against services that already export OTLP to 127.0.0.1:4318.
import type { SourceLocation } from './test-definition.ts';

export type ReadinessCheck =
  | { readonly kind: 'http'; readonly url: string; readonly timeoutMs: number }
  /** `target` is `HOST:PORT`. */
  | { readonly kind: 'tcp'; readonly target: string; readonly timeoutMs: number }
  | { readonly kind: 'none' };

export interface ServiceConfig {
  readonly name: string;
  /** A command line, run by the shell (so `npm run x` and `cd a && b` work). */
  readonly command: string;
  /** Absolute. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ready: ReadinessCheck;
}

export interface BackendConfig {
  readonly kind: 'jaeger' | 'jaeger-v3' | 'tempo' | 'zipkin';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The receiver's protections, each a `receiver:` config key (without the `Ms`), with defaults
 * like the OpenTelemetry Collector's HTTP server (header and idle timeouts of a minute).
 */
export interface ReceiverLimits {
  /** A request's headers must arrive within this (HTTP 408 otherwise). */
  readonly headerTimeoutMs: number;
  /** A whole request, body included, must arrive within this: the slow-drip guard (408). */
  readonly requestTimeoutMs: number;
  /** A connection with no request in progress is closed after this. */
  readonly idleTimeoutMs: number;
  /** Connections held at once; more are closed as they open. */
  readonly maxConnections: number;
  /** Request line plus headers, in bytes (HTTP 431 above it). */
  readonly maxHeaderBytes: number;
  /** Spans received but not yet handed on (saved, printed, claimed); above it, exports get a retryable refusal. */
  readonly maxPendingSpans: number;
  /** The `Retry-After` sent with that refusal, in seconds. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_RECEIVER_LIMITS: ReceiverLimits = {
  headerTimeoutMs: 60_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  maxConnections: 512,
  maxHeaderBytes: 32 * 1024,
  maxPendingSpans: 30_000,
  retryAfterSeconds: 1,
};

/** A config section that its own stage validates, with the place it was written. */
export interface RawSection {
  readonly value: unknown;
  readonly location: SourceLocation;
  /** Where a value inside it was written, by its keys from the file's top (`['tolerances', 'rules', 0, 'count']`). */
  readonly locate?: (keys: readonly (string | number)[]) => SourceLocation | undefined;
}

export interface TbtConfig {
  /** Absolute directory of the config file (or the working directory when there is none). */
  readonly rootDir: string;
  /** Absolute path of the config file, when one was found. */
  readonly file?: string;
  /** Globs of test files, relative to rootDir. */
  readonly tests: readonly string[];
  /** Absolute snapshot directory. */
  readonly snapshotDir: string;
  readonly receiver: {
    readonly host: string;
    readonly port: number;
    /** OTLP/gRPC port; undefined when gRPC is off. */
    readonly grpcPort?: number;
    readonly maxBodyBytes: number;
    /** Timeouts, caps and back-pressure, shared by the HTTP and gRPC receivers. */
    readonly limits: ReceiverLimits;
  };
  readonly collect: { readonly settleMs: number; readonly timeoutMs: number };
  /** `record.runs`: how many runs a new snapshot is learned from (3). */
  readonly record: { readonly runs: number };
  /** `verify.confirm`: runs made again when a test failed on durations alone (2; 0 turns it off). */
  readonly verify: { readonly confirm: number };
  /** Given to every service, and to tests as `${env:NAME}` (over the process environment). */
  readonly env: Readonly<Record<string, string>>;
  readonly services: readonly ServiceConfig[];
  /** When set, traces are pulled from this backend instead of the embedded receiver. */
  readonly backend?: BackendConfig;
  readonly normalize: RawSection;
  readonly tolerances: RawSection;
  readonly detectors: RawSection;
}
