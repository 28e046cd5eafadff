// Starting the system under test, waiting until it is ready, and stopping it. Knows nothing of traces.
/** Launches services, awaits readiness, and returns a handle that stops them all. */
export { startServices, type RunningServices } from './supervisor.ts';
