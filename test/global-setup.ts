// Starts the run's one `npm run synth` (every context, default settings) in a copy of the app, without waiting:
// suites that read written stacks wait for it through sharedSynth(), the others run alongside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, appCopy, outsideVariables, watchdog } from './fixtures';

/** The synth process, for globalTeardown (both run in jest's main process). */
export const run: { synth?: ChildProcess; watchdog?: NodeJS.Timeout } = {};

export default function globalSetup(): void {
  // A whole run takes about 20 s here; five minutes means a test hangs.
  run.watchdog = watchdog(300, (message) => {
    console.error(message);
    process.exit(1);
  });
  const dir = mkdtempSync(join(tmpdir(), 'amc-test-'));
  const app = appCopy();
  renameSync(app, join(dir, 'app'));
  // What a deployer's shell or a CI job set for the app and its tools goes, for every suite and what it starts
  // (fixtures.ts outsideVariables): the suites set what they test. Workers inherit this process's environment.
  for (const name of outsideVariables(process.env)) Reflect.deleteProperty(process.env, name);
  const [, ...args] = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app as string).split(' ');
  const synth = spawn(process.execPath, args, { cwd: join(dir, 'app'), stdio: ['ignore', 'ignore', 'pipe'] });
  run.synth = synth;
  let stderr = '';
  synth.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  synth.on('close', (code) => {
    // globalTeardown may have removed the folder already (a run that ended before synth did): nobody is waiting then.
    if (!existsSync(dir)) return;
    writeFileSync(join(dir, 'synth.json.tmp'), JSON.stringify({ code, stderr }));
    renameSync(join(dir, 'synth.json.tmp'), join(dir, 'synth.json'));
  });
  process.env.AMC_TEST_SHARED = dir;
  // Node gives children sockets for stdin, and bash reads ~/.bashrc whenever stdin is a socket and its shell level is
  // below 2, that is SHLVL unset or 0 (its rshd rule), as when npm test starts from a background job, an editor or CI.
  // On our machines that ran pyenv's init in every pipeline job and script run and doubled the run's CPU, and it would
  // let a developer's shell start-up put other programs ahead of the stubs. HOME is left alone: git needs the
  // developer's safe.directory and excludes for their checkout.
  if (!(Number(process.env.SHLVL) >= 1)) process.env.SHLVL = '1';
}
