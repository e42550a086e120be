// Types for scripts/bench.cjs, which stays plain JavaScript so `npm run bench` needs no transpiler.

export interface Job {
  readonly name: string;
  readonly command: readonly string[];
}

export interface Benchmark extends Job {
  /** Budget for the median wall time, as a share of the median of the reference job named `of`. */
  readonly ratio?: number;
  readonly of?: string;
  /** Budget for the median wall time, in seconds. */
  readonly seconds?: number;
  /** Budget for peak resident memory, in MiB, where one is set. */
  readonly mib?: number;
  /** No budget: the median is shown as a share of the median of the reference job named here (--parts). */
  readonly share?: string;
}

export interface Reference extends Job {
  /** Run once instead of `command` before the timed runs (to write the reference's snapshots). */
  readonly warmUp?: readonly string[];
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
  /** The median over the reference median, for a ratio budget. */
  readonly ratio?: number;
  /** The budget in words, or `reference` for a reference job. */
  readonly budget: string;
  readonly pass: boolean;
  readonly fails: readonly string[];
}

export declare const BENCHMARKS: readonly Benchmark[];
export declare const PARTS: readonly Benchmark[];
export declare const REFERENCES: readonly Reference[];
export declare function median(values: readonly number[]): number;
export declare function summarize(benchmark: Benchmark, runs: readonly Run[], references?: Readonly<Record<string, number>>): Row;
export declare function table(rows: readonly Row[], runs: number): string;
export declare function prepareReference(): string;
