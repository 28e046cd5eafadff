// Checks an HTTP trigger's URL before anything runs, for a run's preflight and for `tbt check`.
import { TbtError, type TestDefinition } from '../model/index.ts';
import { locateTriggerField } from '../testfile/index.ts';

/**
 * What a suite step's output stands as before the run sets it: a trigger URL holding one is only
 * known at run time, and checkTriggerUrl leaves it to the trigger.
 */
export function outputPlaceholder(name: string): string {
  return `${OUTPUT_PLACEHOLDER_START}${name}>`;
}

const OUTPUT_PLACEHOLDER_START = '<output ';

/**
 * An HTTP trigger's URL, once its variables are filled in, must be an http(s) URL: caught here, at
 * the test's own location, before a service starts. A URL built from a suite step's output is only
 * known at run time and is left to the trigger.
 */
export function checkTriggerUrl(url: string, test: TestDefinition): void {
  if (url.includes(OUTPUT_PLACEHOLDER_START)) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return;
  throw new TbtError('config', protocol === undefined
    ? `the trigger URL is not a valid URL: ${JSON.stringify(url)}`
    : `the trigger URL must be http: or https:, not ${JSON.stringify(url)}`, {
    location: locateTriggerField(test.trigger, 'url') ?? test.triggerLocation ?? { file: test.file },
    hint: 'write a whole URL, e.g. http://127.0.0.1:8080/path (or ${env:BASE_URL}/path)',
  });
}
