// The benchmark's arithmetic and verdicts, on fixed numbers (timing itself is `npm run bench`, never a test).
import { BENCHMARKS, median, summarize, table } from '../scripts/bench.cjs';

const MiB = 1024 * 1024;
const [synth] = BENCHMARKS.filter((b) => b.name === 'npm run synth');

test('holds the budgets the team agreed', () => {
  expect(BENCHMARKS.map((b) => [b.name, b.seconds, b.mib])).toEqual([
    ['npm run synth', 1.0, 300],
    ['npx cdktf synth', 3.0, undefined],
    ['npm test', 15, undefined],
    ['type-check', 3.0, undefined],
  ]);
});

test('takes the median of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test('passes a run inside both budgets', () => {
  const row = summarize(
    synth,
    [0.5, 0.6, 2.0].map((seconds) => ({ seconds, bytes: 150 * MiB })),
  );
  expect(row).toMatchObject({ median: 0.6, min: 0.5, max: 2.0, pass: true });
  expect(table([row], 3)).toContain('| `npm run synth` | 0.60 | 0.50–2.00 | 150 | ≤ 1.0 s, ≤ 300 MiB | PASS |');
});

test('fails a slow median or a memory peak, saying which', () => {
  const row = summarize(
    synth,
    [1.2, 1.1, 0.9].map((seconds) => ({ seconds, bytes: 400 * MiB })),
  );
  expect(row.pass).toBe(false);
  expect(row.fails).toEqual(['median 1.10 s > 1 s', 'peak 400 MiB > 300 MiB']);
});

test('fails when memory could not be measured for a memory budget', () => {
  expect(summarize(synth, [{ seconds: 0.5, bytes: NaN }]).fails).toEqual(['peak unknown MiB > 300 MiB']);
});
