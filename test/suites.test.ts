// Cost: 0.1 s here (2 cores, whole suite running). Every suite opens with what it costs here, so that a slow addition shows in review (README, Performance).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchdog } from './fixtures';

const suites = readdirSync(__dirname).filter((file) => file.endsWith('.test.ts'));

test.each(suites)('%s states its cost in its opening comment', (file) => {
  expect(readFileSync(join(__dirname, file), 'utf8')).toMatch(/^\/\/ Cost: \d+\.\d s\b/);
});

test('finds every suite', () => {
  expect(suites.length).toBeGreaterThan(8);
});

// jest-light-runner (jest.config.js) runs many files in one worker, sharing modules and globals: a suite must leave
// them as it found them, so none may change the environment, globals or the working directory, or mock modules.
const shared =
  /process\.env(?:\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env|process\.chdir\(|globalThis\.\w+\s*=(?!=)|jest\.(?:mock|doMock|resetModules|isolateModules)\(/;

// This file holds the patterns as text, so it is the one file not read.
const others = suites.filter((file) => file !== 'suites.test.ts');

test.each(others)('%s leaves the shared worker as it found it', (file) => {
  expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(shared);
});

test('the shared-worker guard catches each kind of change', () => {
  for (const line of ["process.env.TFT_CONTEXT = 'dev';", "process.env['X'] = '1';", 'delete process.env.X;', "process.chdir('/');"]) {
    expect(line).toMatch(shared);
  }
  for (const line of ['globalThis.fetch = stub;', "jest.mock('../config');", 'jest.resetModules();']) expect(line).toMatch(shared);
  expect("expect(process.env.X === 'dev').toBe(true);").not.toMatch(shared);
});

test("every cdktf test app lives in the run's shared folder (helpers.ts testApp): Testing.app() alone leaks a temp folder", () => {
  for (const file of others) expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(/Testing\.app\(/);
});

test('the run watchdog says a test hangs once its time is up, and keeps no process alive', async () => {
  const said: string[] = [];
  const timer = watchdog(0.05, (message) => said.push(message));
  expect(timer.hasRef()).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(said).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(said).toEqual(['npm test is still running after 0.05 s: a test hangs (jest-light-runner has no per-test timeout)']);
});
