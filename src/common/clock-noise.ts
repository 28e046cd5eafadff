// How much two spans may seem to overlap before they count as concurrent. One bound for the
// snapshot's sibling order (`concurrent:`), the N+1 rule and the demo's own checks. Pure.

/**
 * Overlaps shorter than this are clock noise, not concurrency: Node's SDK starts spans on a whole
 * millisecond of the wall clock and adds a precise duration, so a call made right after another can
 * seem to start up to 1 ms before it ended. Without this bound `concurrent:` flips between
 * recordings and a sequential loop passes for a fan-out.
 */
export const CLOCK_NOISE_NS = 1_000_000n;
