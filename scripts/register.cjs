// Transpile-only TypeScript for synth and the task scripts: esbuild strips types file by file (`npm run typecheck` is
// the one type-check). Lighter than ts-node or tsx. Each result is cached under node_modules/.cache/amc-register/,
// keyed by the file's content and name (not its folder), esbuild's version and the options, so a node start whose files
// are all cached never loads esbuild (its service process costs about 0.1 s a start; the task scripts start node once
// per call), and neither does one in a copy of the app (the tests run the app and the scripts in copies). The inline
// source map names the file without its folder, which resolves beside the file wherever it is.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: 'inline' };
const ESBUILD = require('esbuild/package.json').version;
const CACHE = join(__dirname, '..', 'node_modules', '.cache', 'amc-register');

/** Where the transpiled text of `source`, read from `filename`, is cached. */
function cacheFile(source, filename) {
  const key = createHash('sha256')
    .update(`${ESBUILD}\0${JSON.stringify(OPTIONS)}\0${basename(filename)}\0${source}`)
    .digest('hex');
  return join(CACHE, `${key}.js`);
}

function transpile(source, filename) {
  const cached = cacheFile(source, filename);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { code } = require('esbuild').transformSync(source, { ...OPTIONS, sourcefile: basename(filename) });
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

module.exports = { cacheFile, transpile };
