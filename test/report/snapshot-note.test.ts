// Every reporter words the snapshot's fate the same way; a drifted test is never "matched".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SnapshotAction, Verdict } from '../../src/model/index.ts';
import { createStyle, renderVerdictPretty } from '../../src/report/index.ts';
import { renderJunit } from '../../src/report/render-junit.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';
import { findAll, parseXml } from './xml-check.ts';

const snap = 'snapshots/checkout-publishes-one-shipping-event.trace.yaml';
const pending = 'snapshots/checkout-publishes-one-shipping-event.trace.new.yaml';
// A pending tree's file name is the runner's to give (on the verdict); reporters only print it.
const withAction = (verdict: Verdict, snapshotAction: SnapshotAction): Verdict =>
  ({ ...verdict, snapshotAction, ...(snapshotAction === 'pending' ? { pendingFile: pending } : {}) });

function junitSnapshotLines(verdict: Verdict): string[] {
  const out = findAll(parseXml(renderJunit(summaryOf([verdict]))), 'system-out')[0]?.text ?? '';
  return out.split('\n').filter((line) => line.startsWith('snapshot'));
}

test('JUnit system-out: matched only when it matched; drift left alone, pending, written', () => {
  assert.deepEqual(junitSnapshotLines(passedVerdict), ['snapshot: matched', 'snapshot file: snapshots/health.trace.yaml']);
  assert.deepEqual(junitSnapshotLines(failedVerdict), ['snapshot: not updated (drift)', `snapshot file: ${snap}`]);
  assert.deepEqual(junitSnapshotLines(withAction(failedVerdict, 'pending')), [`snapshot: new tree saved as ${pending}`, `snapshot file: ${snap}`]);
  assert.deepEqual(junitSnapshotLines(withAction(passedVerdict, 'written')), ['snapshot: written', 'snapshot file: snapshots/health.trace.yaml']);
  assert.deepEqual(junitSnapshotLines(withAction(passedVerdict, 'updated'))[0], 'snapshot: updated');
  assert.deepEqual(junitSnapshotLines(withAction(failedVerdict, 'missing'))[0], 'snapshot: missing');
  // A test that could not run never reached its snapshot: nothing to say.
  assert.deepEqual(junitSnapshotLines(errorVerdict), []);
});

test('Markdown details name the snapshot and its fate', () => {
  assert.match(renderMarkdown(summaryOf([failedVerdict])), new RegExp(`snapshot \`${snap}\`: not updated \\(drift\\) · `));
  assert.match(renderMarkdown(summaryOf([withAction(failedVerdict, 'pending')])), new RegExp(`snapshot \`${snap}\`: new tree saved as ${pending.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(renderMarkdown(summaryOf([failedVerdict])), /matched/);
});

test('the HTML data carries the note its meta line shows', () => {
  const data = (verdict: Verdict): unknown => {
    const json = /<script id="tbt-data" type="application\/json">(.*?)<\/script>/s.exec(renderHtml(summaryOf([verdict])))?.[1] ?? '{}';
    return (JSON.parse(json) as { tests: Array<{ snapshotNote: string }> }).tests[0]?.snapshotNote;
  };
  assert.equal(data(passedVerdict), 'matched');
  assert.equal(data(failedVerdict), 'not updated (drift)');
  assert.equal(data(withAction(failedVerdict, 'pending')), `new tree saved as ${pending}`);
  assert.equal(data(errorVerdict), '');
});

test('the terminal stays quiet on matched and drift left alone, and names written, pending and missing', () => {
  const head = (verdict: Verdict): string => renderVerdictPretty(verdict, { style: createStyle(false), verbose: false }).split('\n')[0] ?? '';
  assert.doesNotMatch(head(passedVerdict), /snapshot|matched/);
  assert.doesNotMatch(head(failedVerdict), /snapshot|matched|drift/);
  assert.match(head(withAction(failedVerdict, 'pending')), new RegExp(`  new tree saved as ${pending}$`));
  assert.match(head(withAction(passedVerdict, 'written')), /  snapshot written$/);
  assert.match(head(withAction(passedVerdict, 'updated')), /  snapshot updated$/);
  assert.match(head(withAction(failedVerdict, 'missing')), /  snapshot missing$/);
});
