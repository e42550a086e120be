// Types for scripts/bench.cjs, which stays plain JavaScript so `npm run bench` needs no transpiler.

export interface Benchmark {
  readonly name: string;
  readonly command: readonly string[];
  /** Budget for the median wall time, in seconds. */
  readonly seconds: number;
  /** Budget for peak resident memory, in MiB, where one is set. */
  readonly mib?: number;
}

export interface Run {
  readonly seconds: number;
  /** Peak resident memory in bytes; NaN when it could not be measured. */
  readonly bytes: number;
}

export interface Row {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly peakMiB: number;
  readonly budget: string;
  readonly pass: boolean;
  readonly fails: readonly string[];
}

export declare const BENCHMARKS: readonly Benchmark[];
export declare function median(values: readonly number[]): number;
export declare function summarize(benchmark: Benchmark, runs: readonly Run[]): Row;
export declare function table(rows: readonly Row[], runs: number): string;
