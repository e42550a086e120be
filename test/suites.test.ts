// Cost: 0.1 s. Every suite opens with what it costs here, so that a slow addition shows in review (README, Performance).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const suites = readdirSync(__dirname).filter((file) => file.endsWith('.test.ts'));

test.each(suites)('%s states its cost in its opening comment', (file) => {
  expect(readFileSync(join(__dirname, file), 'utf8')).toMatch(/^\/\/ Cost: \d+\.\d s\b/);
});

test('finds every suite', () => {
  expect(suites.length).toBeGreaterThan(8);
});
