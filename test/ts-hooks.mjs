// ESM load hook for jest-light-runner, which import()s each test file: a .ts file is handed to the CommonJS loader,
// where scripts/register.cjs transpiles it (and every .ts it requires) with esbuild.
export async function load(url, context, nextLoad) {
  if (/\.ts(?:\?|$)/.test(url)) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
