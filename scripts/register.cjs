// Transpile-only TypeScript for synth and the task scripts: esbuild strips types file by file (`npm run typecheck` is
// the one type-check). Lighter than ts-node or tsx. Each result is cached under node_modules/.cache/amc-register/,
// keyed by the file's content, esbuild's version and the options, so a node start whose files are all cached never
// loads esbuild (its service process costs about 0.1 s a start; the task scripts start node once per call).
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'inline' };
const ESBUILD = require('esbuild/package.json').version;
const CACHE = join(__dirname, '..', 'node_modules', '.cache', 'amc-register');

function transpile(source, filename) {
  const key = createHash('sha256')
    .update(`${ESBUILD}\0${JSON.stringify(OPTIONS)}\0${filename}\0${source}`)
    .digest('hex');
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { code } = require('esbuild').transformSync(source, { ...OPTIONS, sourcefile: filename });
    try {
      mkdirSync(CACHE, { recursive: true });
      // Written aside and renamed: a concurrent start reads a whole file or none.
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      // A read-only node_modules only loses the cache.
    }
    return code;
  }
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};
