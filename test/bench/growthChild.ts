/**
 * Times the complexity patterns in a process of their own and prints the result as JSON:
 * `[name, ms at each size][]`. The mocha test runs it this way because a heap that a long
 * test suite has filled made linear patterns look quadratic.
 *
 * Usage: node -r tsx/cjs test/bench/growthChild.ts <tries> <size>... [-- <pattern name>...]
 */
import { PATTERNS, timesAt } from './complexity';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const numbers = (split < 0 ? args : args.slice(0, split)).map(Number);
const only = split < 0 ? null : new Set(args.slice(split + 1));
const [tries, ...sizes] = numbers;
const out: [string, number[]][] = [];
for (const p of PATTERNS) if (!only || only.has(p.name)) out.push([p.name, timesAt(p, sizes, tries)]);
process.stdout.write(JSON.stringify(out));
