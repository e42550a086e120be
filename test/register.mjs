// jest-light-runner's setupFiles entry, run once per worker: TypeScript through scripts/register.cjs, for test files
// (an ESM load hook hands them to the CommonJS loader) and everything they require.
import { Buffer } from 'node:buffer';
import { createRequire, register, SourceMap } from 'node:module';

const require = createRequire(import.meta.url);
require('../scripts/register.cjs');
register('./ts-hooks.mjs', import.meta.url);

// Stack traces point at TypeScript lines. Node's own --enable-source-maps would also decode the inline maps of every
// cdktf and provider file it loads (0.7 s a run here), so only the maps of the files transpiled here are kept, as
// text, and read when a trace passes through one of them.
const transpiled = new Map();
const compileTs = require.extensions['.ts'];
require.extensions['.ts'] = (module, filename) => {
  const compile = module._compile;
  module._compile = (code, file) => {
    transpiled.set(file, code);
    return compile.call(module, code, file);
  };
  compileTs(module, filename);
};
const maps = new Map();
function sourceMap(file) {
  if (!maps.has(file)) {
    const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(transpiled.get(file));
    maps.set(file, inline && new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8'))));
  }
  return maps.get(file);
}
Error.prepareStackTrace = (error, frames) => {
  const lines = frames.map((frame) => {
    const file = frame.getFileName();
    const text = frame.toString();
    const map = transpiled.has(file) && sourceMap(file);
    const entry = map && map.findEntry(frame.getLineNumber() - 1, frame.getColumnNumber() - 1);
    if (!entry || entry.originalLine === undefined) return `    at ${text}`;
    const at = `${file}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
    return `    at ${text.replace(at, `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`)}`;
  });
  return [Error.prototype.toString.call(error), ...lines].join('\n');
};

// The runner hands its workers FORCE_COLOR from supports-color (the string 'undefined' without a terminal), for Jest's
// own output. The programs the tests start would inherit it and colour their output, gitlab-ci-local's PASS/FAIL lines
// among them, so it goes: they decide from their own stdout, which is a pipe.
delete process.env.FORCE_COLOR;
