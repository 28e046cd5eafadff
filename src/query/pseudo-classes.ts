// Tracetest's pseudo-classes, picking from a step's matches in depth-first, start-time order.
// A registry, so adding one is one entry.

export interface PseudoClass {
  readonly name: string;
  /** A reason when the argument is missing, unexpected or out of range. */
  check(argument: number | undefined): string | undefined;
  /** Picks from `matches` (preorder indices); never mutates it. */
  pick(matches: readonly number[], argument: number | undefined): number[];
}

const PSEUDO_CLASSES: readonly PseudoClass[] = [
  {
    name: 'first',
    check: (argument) => (argument === undefined ? undefined : ':first takes no argument'),
    pick: (matches) => matches.slice(0, 1),
  },
  {
    name: 'last',
    check: (argument) => (argument === undefined ? undefined : ':last takes no argument'),
    pick: (matches) => matches.slice(-1),
  },
  {
    name: 'nth_child',
    check: (argument) =>
      argument === undefined ? ':nth_child needs a position, e.g. :nth_child(2)' : argument < 1 ? ':nth_child counts from 1' : undefined,
    // Out of range selects nothing, as in Tracetest.
    pick: (matches, argument) => {
      const match = matches[(argument ?? 0) - 1];
      return match === undefined ? [] : [match];
    },
  },
];

const BY_NAME = new Map(PSEUDO_CLASSES.map((pseudo) => [pseudo.name, pseudo]));

export function pseudoClassFor(name: string): PseudoClass | undefined {
  return BY_NAME.get(name);
}

export const PSEUDO_CLASS_NAMES: readonly string[] = PSEUDO_CLASSES.map((pseudo) => pseudo.name);
