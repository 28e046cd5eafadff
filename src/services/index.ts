// Starting the system under test, waiting until it is ready, and stopping it. Knows nothing of traces.
/** Launches services, awaits readiness, and returns a handle that stops them all. */
export { startServices, type StartServicesOptions, type RunningServices } from './supervisor.ts';
/** Waits for an HTTP or TCP readiness check, with backoff and a bound. */
export { waitUntilReady } from './readiness.ts';
