import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { STACKS } from '../config/naming';
import { checkovBaseline, checkovChecks } from './checkov';
import { RULE_IDS, RULES, type StackJson } from './rules';

/** A decision not to follow a rule, with its reason: next to the resource in code, or per context in config. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

/** A suppression from config: `path` is a construct path inside each stack of the context, such as `eks/logs`. */
export interface PathSuppression extends Suppression {
  readonly path: string;
}

const inCode = new WeakMap<IConstruct, Suppression[]>();

/** Suppresses a rule for a construct and everything below it. The reason is what the report shows. */
export function suppress(scope: IConstruct, rule: string, reason: string): void {
  inCode.set(scope, [...(inCode.get(scope) ?? []), { rule, reason }]);
}

export type Outcome = 'pass' | 'fail' | 'suppressed' | 'not applicable';

export interface Finding {
  readonly rule: string;
  readonly scanners: readonly string[];
  readonly path: string;
  readonly type: string;
  /** The Terraform address (`aws_eks_cluster.eks_cluster`), as plans and scanners of plan JSON name the resource. */
  readonly address: string;
  readonly outcome: Outcome;
  /** What is wrong (fail, suppressed), and the fix (fail) or the reason (suppressed). */
  readonly problem?: string;
  readonly fix?: string;
  readonly reason?: string;
}

export interface StackReport {
  readonly stack: string;
  readonly findings: readonly Finding[];
  readonly totals: Readonly<Record<Outcome, number>>;
}

/** The policy pack's errors: failures, and suppressions that are malformed or match nothing. Synth stops on any. */
export class PolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`policy check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

type Json = Record<string, unknown>;

/** Every resource and data source of a stack with its construct path, from the stack's resolved configuration. */
function blocks(json: Json): { type: string; path: string; address: string; props: Json }[] {
  const out: { type: string; path: string; address: string; props: Json }[] = [];
  for (const [kind, prefix] of [
    ['resource', ''],
    ['data', 'data.'],
  ] as const) {
    for (const [type, byKey] of Object.entries((json[kind] as Record<string, Record<string, Json>>) ?? {})) {
      for (const [key, props] of Object.entries(byKey)) {
        const path = (props['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? key;
        out.push({ type: `${prefix}${type}`, path, address: `${prefix}${type}.${key}`, props });
      }
    }
  }
  return out;
}

/**
 * Checks every rule on every resource of one stack. Suppressions in code apply to their construct and below; those
 * from config (`path` inside the stack) likewise. Returns the report; `problems` lists what must stop synth.
 */
export function evaluateStack(stack: TerraformStack, configured: readonly PathSuppression[] = []) {
  const problems: string[] = [];
  const json = stack.toTerraform() as Json;
  const suppressions = [
    ...stack.node.findAll().flatMap((c) => (inCode.get(c) ?? []).map((s) => ({ ...s, path: c.node.path, source: 'code' }))),
    ...configured.map((s) => ({ ...s, path: `${stack.node.id}/${s.path}`, source: 'config' })),
  ];
  for (const s of suppressions) {
    if (!RULE_IDS.includes(s.rule)) problems.push(`${s.path}: suppression of unknown rule ${s.rule} (known: ${RULE_IDS.join(', ')})`);
    if (!s.reason.trim()) problems.push(`${s.path}: suppression of ${s.rule} has no reason`);
  }
  const used = new Set<(typeof suppressions)[number]>();
  const findings: Finding[] = [];
  for (const block of blocks(json)) {
    for (const rule of RULES) {
      const base = { rule: rule.id, scanners: rule.scanners, path: block.path, type: block.type, address: block.address };
      if (!rule.types.includes(block.type)) {
        findings.push({ ...base, outcome: 'not applicable' });
        continue;
      }
      const problem = rule.check(block.props, json as StackJson);
      const matching = suppressions.filter((s) => s.rule === rule.id && (block.path === s.path || block.path.startsWith(`${s.path}/`)));
      const [suppression] = matching;
      // Only a suppression that holds back a failure is in use: one over a passing resource is stale, and says so.
      if (problem !== undefined) matching.forEach((s) => used.add(s));
      if (problem === undefined) findings.push({ ...base, outcome: 'pass' });
      else if (suppression) findings.push({ ...base, outcome: 'suppressed', problem, reason: suppression.reason });
      else {
        findings.push({ ...base, outcome: 'fail', problem, fix: rule.fix });
        const ids = rule.scanners.length > 0 ? ` [${rule.scanners.join(', ')}]` : '';
        problems.push(`${rule.id}${ids} ${block.path}: ${problem}. Fix: ${rule.fix}`);
      }
    }
  }
  for (const s of suppressions) {
    if (RULE_IDS.includes(s.rule) && !used.has(s))
      problems.push(`${s.path}: suppression of ${s.rule} (${s.source}) holds back no failure there; remove it`);
  }
  const totals = { pass: 0, fail: 0, suppressed: 0, 'not applicable': 0 };
  for (const f of findings) totals[f.outcome] += 1;
  return { report: { stack: stack.node.id, findings, totals } satisfies StackReport, problems };
}

/**
 * The stacks of one context with the config suppressions of each: a config path `<stack>/<construct path>` names the
 * stack as TFT_STACK does (`amc/eks/logs`). A path naming no stack is an error, like an unused suppression.
 */
export function stacksToCheck(
  stacks: Readonly<Record<string, TerraformStack | undefined>>,
  suppressions: readonly PathSuppression[],
  families: Readonly<Record<string, string>> = STACKS,
): { stack: TerraformStack; suppressions: PathSuppression[] }[] {
  const unknown = suppressions.filter((s) => !Object.values(families).includes(s.path.split('/')[0]));
  if (unknown.length > 0)
    throw new PolicyError(
      unknown.map((s) => `config suppression of ${s.rule} at '${s.path}' names no stack (one of ${Object.values(families).join(', ')})`),
    );
  return Object.entries(stacks).flatMap(([key, stack]) => {
    if (!stack) return [];
    const prefix = `${families[key]}/`;
    const own = suppressions.filter((s) => s.path.startsWith(prefix)).map((s) => ({ ...s, path: s.path.slice(prefix.length) }));
    return [{ stack, suppressions: own }];
  });
}

/** Checks every stack; throws a PolicyError listing every problem of every stack, or returns the reports. */
export function checkPolicies(stacks: readonly { stack: TerraformStack; suppressions?: readonly PathSuppression[] }[]): StackReport[] {
  const results = stacks.map(({ stack, suppressions }) => evaluateStack(stack, suppressions));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new PolicyError(problems);
  return results.map((r) => r.report);
}

/**
 * Writes what every synth leaves in cdktf.out/: policy-report.json, and for the pipeline's Checkov job checkov/ with
 * `<stack>.baseline.json` per stack (the plan tft:plan saves is tmp/plans/<stack>.plan.json) and `hard-fail-on`.
 */
export function writeReport(outdir: string, reports: readonly StackReport[]): void {
  mkdirSync(join(outdir, 'checkov'), { recursive: true });
  const totals = Object.fromEntries(reports.map((r) => [r.stack, r.totals]));
  writeFileSync(join(outdir, 'policy-report.json'), `${JSON.stringify({ rules: RULES.length, totals, stacks: reports }, null, 2)}\n`);
  for (const report of reports) {
    const baseline = checkovBaseline(report, `tmp/plans/${report.stack}.plan.json`);
    writeFileSync(join(outdir, 'checkov', `${report.stack}.baseline.json`), `${JSON.stringify(baseline, null, 2)}\n`);
  }
  writeFileSync(join(outdir, 'checkov', 'hard-fail-on'), `${checkovChecks().join(',')}\n`);
}
