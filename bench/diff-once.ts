// One `tbt diff A B` in a fresh process (the command's own code, output captured), so that the
// process's peak RSS is the diff's. Prints `{ "ms": …, "cpuMs": …, "maxRssMb": …, "code": … }` on stdout.
import { runDiff } from '../src/cli/commands/offline.ts';

const [a, b, cwd] = process.argv.slice(2);
if (a === undefined || b === undefined) throw new Error('usage: diff-once.ts A B [cwd]');
let out = '';
const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, env: {}, cwd: cwd ?? process.cwd() };
const cpuBefore = process.cpuUsage();
const started = performance.now();
const code = await runDiff(a, b, { color: false }, io);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, code, tail: out.slice(-200) })}\n`);
