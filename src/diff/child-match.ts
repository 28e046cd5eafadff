// What matching the children of two matched spans gives: the pairs, and what is left on each side.

export interface ChildPair {
  readonly g: number;
  readonly c: number;
  readonly renamed: boolean;
  /** The counts to compare for this pair, or undefined when another pair of its group carries them. */
  readonly counts?: readonly [before: number, after: number];
}

export interface ChildMatch {
  readonly pairs: ChildPair[];
  readonly missing: readonly number[];
  readonly unexpected: readonly number[];
}
