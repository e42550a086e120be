/** One Kubernetes minor on EKS, with its dates (UTC days, YYYY-MM-DD) and where they were read. */
export interface EksVersion {
  readonly minor: string;
  /** The Amazon EKS release (not the upstream one). */
  readonly released: string;
  /** EKS bills extended support from the start of this day (UTC) for a cluster still on the version. */
  readonly endOfStandardSupport: string;
  /** After this day EKS upgrades the control plane itself. */
  readonly endOfExtendedSupport: string;
  readonly source: string;
  /** When the row was last checked against its source. */
  readonly checked: string;
}

const CALENDAR = 'AWS EKS user guide, kubernetes-versions (release calendar)';
const EOL = 'endoflife.date products/amazon-eks.md (a70eca3, 2026-08-22), which reads the same calendar';

/**
 * The EKS release calendar for the minors amc may run. 1.37 is not here: the Auto Mode release notes (auto-change,
 * 2026-10-01) name it, but on 2026-12-04 no EKS release or support date for it could be found; add its row, with its
 * source, once AWS's calendar lists it. Renovate proposes the newer minor (renovate.json, endoflife-date amazon-eks).
 */
export const EKS_VERSIONS: readonly EksVersion[] = [
  // prettier-ignore
  { minor: '1.32', released: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23', source: `${CALENDAR}; ${EOL}`, checked: '2026-12-04' },
  // prettier-ignore
  { minor: '1.33', released: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29', source: `${CALENDAR}; ${EOL}`, checked: '2026-12-04' },
  // prettier-ignore
  { minor: '1.34', released: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02', source: `${CALENDAR}; ${EOL}`, checked: '2026-12-04' },
  // prettier-ignore
  { minor: '1.35', released: '2026-01-28', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27', source: EOL, checked: '2026-12-04' },
  // prettier-ignore
  { minor: '1.36', released: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02', source: EOL, checked: '2026-12-04' },
];

/** The Kubernetes minors the Flux we install supports: a cluster on any other minor is refused at synth. */
export interface FluxSupport {
  /** The Flux minor the flux stack installs (the charts in config/defaults.ts, or the Flux Operator's distribution). */
  readonly flux: string;
  readonly kubernetes: readonly string[];
  readonly source: string;
  readonly checked: string;
}

/** flux2 chart 2.18.3 ships Flux 2.8.5; Flux 2.8 supports Kubernetes 1.30 to 1.35. */
export const FLUX_SUPPORT: FluxSupport = {
  flux: '2.8',
  kubernetes: ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35'],
  source: 'fluxcd.control-plane.io releases/release-v2.8 (supported Kubernetes versions)',
  checked: '2026-12-04',
};

/**
 * Days before the end of standard support that synth starts warning. EKS announces an end at least 60 days ahead
 * (kubernetes-versions FAQ); an upgrade is dev, a soak, then prod, each behind its upgrade insights: a quarter holds
 * two monthly change windows and Renovate's monthly MRs, and by then the next minor has been on EKS for months.
 */
export const WARN_DAYS = 90;

/**
 * What extended support costs: USD 0.60 per cluster hour instead of 0.10 (AWS blog, "Amazon EKS extended support for
 * Kubernetes versions pricing"; EKS pricing page, us-east-1), 0.50 more, about USD 365 a month per cluster.
 */
export const EXTENDED_SUPPORT_COST =
  'extended support costs USD 0.60 per cluster hour instead of 0.10, about USD 365 a month more per cluster (EKS pricing)';

/** EKS's upgrade policy of a cluster (upgrade_policy.support_type). */
export type SupportType = 'STANDARD' | 'EXTENDED';

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const range = (minors: readonly string[]) => `${minors[0]} to ${minors[minors.length - 1]}`;

/** The row of a minor, or undefined. */
export const eksVersion = (minor: string) => EKS_VERSIONS.find((v) => v.minor === minor);

/** The minor after `minor` that EKS has, one step (EKS upgrades one minor at a time). */
function next(minor: string): string | undefined {
  const [major, m] = minor.split('.').map(Number);
  return eksVersion(`${major}.${m + 1}`)?.minor;
}

/** Where to go from `minor`, for the messages: the next minor, and what it still lacks. */
function moveTo(minor: string): string {
  const to = next(minor);
  if (!to) return `no newer minor is in EKS_VERSIONS (config/kubernetes.ts) yet`;
  const flux = FLUX_SUPPORT.kubernetes.includes(to)
    ? ''
    : `, once a Flux that supports it is installed (Flux ${FLUX_SUPPORT.flux}: Kubernetes ${range(FLUX_SUPPORT.kubernetes)})`;
  return `move to ${to}${flux} (README: Upgrade Kubernetes)`;
}

/** A refusal or a warning about a cluster version on a day, each naming the version, the date and the next minor. */
export interface VersionSupport {
  readonly problem?: string;
  readonly warning?: string;
}

/**
 * Whether EKS and Flux support `version` on `on`. With STANDARD (the default) a version past its end of standard
 * support is refused: EKS would upgrade the cluster under Terraform, and the next plan would try to go back.
 */
export function versionSupport(version: string, supportType: SupportType, on: string): VersionSupport {
  const row = eksVersion(version);
  const quoted = `'${version}'`;
  if (!row)
    return {
      problem: `${quoted} is not in the EKS release calendar of config/kubernetes.ts (${range(EKS_VERSIONS.map((v) => v.minor))})`,
    };
  if (!FLUX_SUPPORT.kubernetes.includes(version))
    return {
      problem: `${quoted} is not supported by Flux ${FLUX_SUPPORT.flux} (Kubernetes ${range(FLUX_SUPPORT.kubernetes)}, FLUX_SUPPORT in config/kubernetes.ts)`,
    };
  if (on < row.released) return { problem: `${quoted} is not released on EKS until ${row.released}` };
  if (on >= row.endOfExtendedSupport)
    return {
      problem: `${quoted} left EKS extended support on ${row.endOfExtendedSupport}, and EKS upgrades such clusters itself: ${moveTo(version)}`,
    };
  if (on >= row.endOfStandardSupport) {
    if (supportType === 'EXTENDED')
      return {
        warning:
          `${quoted} is in EKS extended support since ${row.endOfStandardSupport}, until ${row.endOfExtendedSupport} ` +
          `(${EXTENDED_SUPPORT_COST}): ${moveTo(version)}`,
      };
    return {
      problem:
        `${quoted} left EKS standard support on ${row.endOfStandardSupport}: ${moveTo(version)}; or stay until ` +
        `${row.endOfExtendedSupport} with cluster.supportType: 'EXTENDED' (${EXTENDED_SUPPORT_COST})`,
    };
  }
  const left = days(on, row.endOfStandardSupport);
  if (left <= WARN_DAYS)
    return {
      warning:
        `${quoted} leaves EKS standard support on ${row.endOfStandardSupport}, in ${left} days: ${moveTo(version)}; ` +
        (supportType === 'EXTENDED'
          ? `then extended support bills this cluster (${EXTENDED_SUPPORT_COST})`
          : `from that day synth refuses ${version}`),
    };
  return {};
}

/** The newest minor every component supports: on EKS's calendar and Flux's list. The default must be this one. */
export function newestSupported(): string {
  const both = EKS_VERSIONS.filter((v) => FLUX_SUPPORT.kubernetes.includes(v.minor)).map((v) => v.minor);
  return both[both.length - 1];
}
