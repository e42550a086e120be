// Cost: 0.1 s here (2 cores, whole suite running): the EKS calendar, the clock and validation; loads neither cdktf nor the stacks.
// Kubernetes versions by date (config/kubernetes.ts): the table, the warning and the refusal as the clock moves.
import {
  EKS_VERSIONS,
  FLUX_SUPPORT,
  newestSupported,
  today,
  validate,
  validateAll,
  versionSupport,
  versionWarnings,
  withDefaults,
  type ContextInput,
} from '../config';
import { EXTENDED_SUPPORT_COST, WARN_DAYS } from '../config/kubernetes';
import { RULES } from '../policy/rules';
import { cluster, contexts, inputs, thrown } from './config-fixtures';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
const addMonths = (day: string, n: number) => {
  const date = new Date(day);
  date.setUTCMonth(date.getUTCMonth() + n);
  return date.toISOString().slice(0, 10);
};
const row = (minor: string) => {
  const found = EKS_VERSIONS.find((v) => v.minor === minor);
  if (!found) throw new Error(`no row ${minor}`);
  return found;
};
const at = (version: string, supportType: 'STANDARD' | 'EXTENDED' = 'STANDARD') =>
  withDefaults(cluster({ version, supportType })(inputs[0]) as ContextInput);
const problemsOn = (version: string, on: string, supportType?: 'STANDARD' | 'EXTENDED') => {
  try {
    validate(at(version, supportType), on);
    return [];
  } catch (error) {
    return (error as { problems: readonly string[] }).problems;
  }
};

describe('the EKS release calendar', () => {
  test('holds consecutive minors, oldest first, each with dated, ordered support windows, a source and the day it was checked', () => {
    const minors = EKS_VERSIONS.map((v) => Number(v.minor.split('.')[1]));
    expect(minors).toEqual(minors.map((_, i) => minors[0] + i));
    for (const v of EKS_VERSIONS) {
      for (const day of [v.released, v.endOfStandardSupport, v.endOfExtendedSupport, v.checked])
        expect([v.minor, day]).toEqual([v.minor, expect.stringMatching(DAY)]);
      expect([v.minor, v.released < v.endOfStandardSupport, v.checked <= today({})]).toEqual([v.minor, true, true]);
      // EKS: 12 months of extended support follow standard support (kubernetes-versions FAQ).
      expect([v.minor, v.endOfExtendedSupport]).toEqual([v.minor, addMonths(v.endOfStandardSupport, 12)]);
      expect(v.source.length).toBeGreaterThan(20);
    }
  });

  test("carries the issue's dates", () => {
    expect(row('1.33').endOfStandardSupport).toBe('2026-07-29');
    expect(row('1.34').endOfStandardSupport).toBe('2026-12-02');
    expect(row('1.35').endOfStandardSupport).toBe('2027-03-27');
    expect([row('1.36').released, row('1.36').endOfStandardSupport]).toEqual(['2026-06-02', '2027-08-02']);
  });

  test('defaults to the newest minor that EKS and our Flux both support', () => {
    expect(contexts.map((c) => c.cluster.version)).toEqual(contexts.map(() => newestSupported()));
    expect(withDefaults({ ...inputs[0], cluster: { publicAccessCidrs: [] } }).cluster.version).toBe(newestSupported());
    expect(FLUX_SUPPORT.kubernetes).toContain(newestSupported());
    const newer = EKS_VERSIONS.filter((v) => v.minor > newestSupported()).map((v) => v.minor);
    expect(newer.every((minor) => !FLUX_SUPPORT.kubernetes.includes(minor))).toBe(true);
  });
});

describe('synth as the clock moves (1.35, standard support until 2027-03-27)', () => {
  const end = row('1.35').endOfStandardSupport;
  const before = addDays(end, -WARN_DAYS - 1);

  test(`says nothing ${WARN_DAYS + 1} days before`, () => {
    expect(versionSupport('1.35', 'STANDARD', before)).toEqual({});
    expect(validate(at('1.35'), before).cluster.version).toBe('1.35');
  });

  test(`warns from ${WARN_DAYS} days before, naming the version, the date and the next minor, and still synthesizes`, () => {
    const on = addDays(end, -WARN_DAYS);
    expect(validate(at('1.35'), on).cluster.version).toBe('1.35');
    expect(versionWarnings([at('1.35')], on)).toEqual([
      `warning: context 'dev': cluster.version '1.35' leaves EKS standard support on ${end}, in ${WARN_DAYS} days: move to 1.36, ` +
        `once a Flux that supports it is installed (Flux ${FLUX_SUPPORT.flux}: Kubernetes 1.30 to 1.35) (README: Upgrade Kubernetes); ` +
        'from that day synth refuses 1.35',
    ]);
  });

  test('refuses on the day standard support ends, naming the date, the next minor and what extended support costs', () => {
    expect(problemsOn('1.35', addDays(end, -1))).toEqual([]);
    const [problem] = problemsOn('1.35', end);
    expect(problem).toMatch(new RegExp(`^cluster\\.version: '1\\.35' left EKS standard support on ${end}: move to 1\\.36`));
    expect(problem).toContain("or stay until 2028-03-27 with cluster.supportType: 'EXTENDED'");
    expect(problem).toContain(EXTENDED_SUPPORT_COST);
    expect(EXTENDED_SUPPORT_COST).toContain('USD 0.60 per cluster hour');
  });

  test('with extended support: warns, with the price, until extended support ends, then refuses', () => {
    expect(problemsOn('1.35', end, 'EXTENDED')).toEqual([]);
    expect(versionSupport('1.35', 'EXTENDED', end).warning).toBe(
      `'1.35' is in EKS extended support since ${end}, until 2028-03-27 (${EXTENDED_SUPPORT_COST}): move to 1.36, once a Flux ` +
        `that supports it is installed (Flux ${FLUX_SUPPORT.flux}: Kubernetes 1.30 to 1.35) (README: Upgrade Kubernetes)`,
    );
    expect(problemsOn('1.35', '2028-03-27', 'EXTENDED')).toEqual([
      "cluster.version: '1.35' left EKS extended support on 2028-03-27, and EKS upgrades such clusters itself: move to 1.36, " +
        `once a Flux that supports it is installed (Flux ${FLUX_SUPPORT.flux}: Kubernetes 1.30 to 1.35) (README: Upgrade Kubernetes)`,
    ]);
  });
});

describe('today', () => {
  const now = new Date('2026-12-04T18:00:00Z');

  test('is the clock, as a UTC day', () => {
    expect(today({}, now)).toBe('2026-12-04');
    expect(today({}, new Date('2026-12-04T23:59:59-02:00'))).toBe('2026-12-05');
  });

  test('looks ahead with AMC_TODAY, and is checked by validation as that day', () => {
    expect(today({ AMC_TODAY: '2027-03-27' }, now)).toBe('2027-03-27');
    expect(today({ AMC_TODAY: ' 2026-12-04 ' }, now)).toBe('2026-12-04');
  });

  test.each([
    ['2027-02-30', "AMC_TODAY: '2027-02-30' is not a day (YYYY-MM-DD)"],
    ['27-03-2027', "AMC_TODAY: '27-03-2027' is not a day (YYYY-MM-DD)"],
    ['2026-12-03', "AMC_TODAY: '2026-12-03' is before today (2026-12-04); it may only look ahead"],
  ])('rejects AMC_TODAY %s, naming it', (value, message) => {
    expect(thrown(() => today({ AMC_TODAY: value }, now))).toMatchObject({ problems: [message] });
  });
});

describe('today, by the real clock', () => {
  test('refuses 1.34, naming its end of standard support 2026-12-02 and 1.35', () => {
    const [problem] = problemsOn('1.34', today({}));
    expect(problem).toMatch(
      /^cluster\.version: '1\.34' left EKS standard support on 2026-12-02: move to 1\.35 \(README: Upgrade Kubernetes\)/,
    );
  });

  test('accepts 1.35, the default', () => {
    expect(validateAll([at('1.35')])).toHaveLength(1);
  });

  test.each([
    ['1.36', "cluster.version: '1.36' is not supported by Flux 2.8 (Kubernetes 1.30 to 1.35, FLUX_SUPPORT in config/kubernetes.ts)"],
    ['1.37', "cluster.version: '1.37' is not in the EKS release calendar of config/kubernetes.ts (1.32 to 1.36)"],
    ['1.31', "cluster.version: '1.31' is not in the EKS release calendar of config/kubernetes.ts (1.32 to 1.36)"],
  ])('rejects %s, naming why', (version, message) => {
    expect(problemsOn(version, today({}))).toEqual([message]);
  });

  test('rejects an unknown upgrade policy', () => {
    expect(problemsOn('1.35', today({}), 'LONG' as 'EXTENDED')).toEqual([
      "cluster.supportType: 'LONG' is not an EKS upgrade policy (one of 'STANDARD', 'EXTENDED')",
    ]);
  });
});

test('the security rule AMC-EKS-4 reads the same calendar, with the upgrade policy of the synthesized cluster', () => {
  const rule = RULES.find((r) => r.id === 'AMC-EKS-4');
  const check = (version: string, upgrade?: string) =>
    rule?.check({ version, ...(upgrade ? { upgrade_policy: [{ support_type: upgrade }] } : {}) }, {});
  expect(check('1.34', 'STANDARD')).toMatch(/^Kubernetes '1\.34' left EKS standard support on 2026-12-02/);
  // Without an upgrade_policy EKS applies EXTENDED: 1.34 stays, billed, until 2027-12-02.
  expect(check('1.34')).toBeUndefined();
  expect(check(newestSupported(), 'STANDARD')).toBeUndefined();
});
