// The flags each command takes, as commander hands them over (strings, booleans and repeatable
// lists, not yet checked): program.ts declares them, the commands map them to typed options.
// A module of their own, so that the commands and the program never import each other.

/** `-c, --config <file>`, which most commands take. */
export interface ConfigFlag {
  readonly config?: string;
}

/** `tbt record` and `tbt verify`. */
export interface RunCommandFlags extends ConfigFlag {
  readonly reporter?: string[];
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly ci?: boolean;
  readonly update?: boolean;
  readonly force?: boolean;
  readonly concurrency: string;
  readonly shard?: string;
  readonly vars?: string[];
  readonly port?: string;
  readonly runs?: string;
  readonly confirm?: string;
}

export interface DiffFlags extends ConfigFlag {
  readonly json?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
}

export interface ShowFlags extends ConfigFlag {
  readonly snapshot?: boolean;
}

export interface LintFlags extends ConfigFlag {
  readonly failOn: string;
  readonly minRepeats?: string;
  readonly json?: boolean;
}

export interface QueryFlags extends ConfigFlag {
  readonly json?: boolean;
}

export interface CheckFlags {
  readonly trace?: string;
  readonly vars?: string[];
}

export interface ReceiveFlags extends ConfigFlag {
  readonly port: string;
  readonly grpcPort?: string;
  readonly out?: string;
}
