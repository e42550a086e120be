// Jest transform for what Jest loads itself: globalSetup and globalTeardown, and every file under Stryker, which runs
// Jest's default runner. esbuild strips types file by file, as scripts/register.cjs does for synth and the test files.
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

const OPTIONS = { loader: 'ts', format: 'cjs', target: 'node20', sourcemap: true };

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { ...OPTIONS, sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename, { configString }) {
    return createHash('sha256')
      .update([version, JSON.stringify(OPTIONS), filename, configString, source].join('\0'))
      .digest('hex');
  },
};
