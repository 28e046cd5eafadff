// The receive command's save queue: jobs run one at a time in push order, the spans they hold
// are counted until each job finishes (what back-pressure reads), and a failing job stops nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaveQueue } from '../../src/collect/index.ts';

/** A promise resolved from outside, so the test sees the queue mid-way without sleeping. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

test('jobs run in order, one at a time, and their spans count until each finishes', async () => {
  const queue = new SaveQueue();
  const order: string[] = [];
  const first = gate();
  const second = gate();
  const secondStarted = gate();
  queue.push(10, async () => {
    order.push('first started');
    await first.promise;
    order.push('first done');
  });
  queue.push(5, async () => {
    order.push('second started');
    secondStarted.open();
    await second.promise;
  });
  assert.equal(queue.queuedSpans, 15);
  assert.deepEqual(order, ['first started']);
  first.open();
  await secondStarted.promise;
  assert.deepEqual(order, ['first started', 'first done', 'second started']);
  assert.equal(queue.queuedSpans, 5);
  second.open();
  await queue.drained();
  assert.equal(queue.queuedSpans, 0);
});

test('a job that rejects is counted out and the next one still runs', async () => {
  const queue = new SaveQueue();
  let ran = false;
  queue.push(3, () => Promise.reject(new Error('disk full')));
  queue.push(4, async () => {
    ran = true;
  });
  await queue.drained();
  assert.equal(ran, true);
  assert.equal(queue.queuedSpans, 0);
  // The queue starts again after it went idle.
  queue.push(1, async () => undefined);
  assert.equal(queue.queuedSpans, 1);
  await queue.drained();
  assert.equal(queue.queuedSpans, 0);
});
