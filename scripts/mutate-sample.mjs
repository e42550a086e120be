// A seeded random sample of the mutants Stryker would make in some files, as Stryker `mutate` ranges
// (`file:line:column-line:column`; lines 1-based, columns 0-based: @stryker-mutator/core's project-reader). For
// `MUTATE_SAMPLE=N npm run mutate:all`: every mutant of constructs/ and stacks/ runs every test that imports it, about
// 20 s a mutant here, so the whole set takes hours; a sample estimates the score in minutes. A range also takes in the
// mutants nested inside the sampled one (a block's statements), so Stryker tests at least N.
import { readFileSync } from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';

const quiet = new Proxy({}, { get: (_, key) => (String(key).startsWith('is') ? () => false : () => undefined) });

/** mulberry32: a small seeded generator, so that a sample can be measured again. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` mutants of `files`, drawn without replacement with `seed`, as ranges. */
export async function sampledRanges(files, count, seed = 1) {
  const instrumenter = new Instrumenter(quiet);
  const { mutants } = await instrumenter.instrument(
    files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], mutationRanges: [], noHeader: false, ignorers: [] },
  );
  const pool = [...mutants];
  const next = random(seed);
  const picked = [];
  while (picked.length < count && pool.length > 0) picked.push(...pool.splice(Math.floor(next() * pool.length), 1));
  return picked.map(
    ({ fileName, location: { start, end } }) => `${fileName}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`,
  );
}
