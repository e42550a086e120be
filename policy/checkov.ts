import type { StackReport } from './pack';
import { RULES } from './rules';

/**
 * What the pipeline's Checkov job needs from the pack (ci/checks.yml, scripts/ci-checkov.sh): the Checkov checks the pack
 * stands for, and per stack a baseline of the findings the pack suppresses, so that the real scanner, reading the plan's
 * JSON, holds to the same decisions and confirms the rest.
 */

/** A Checkov check id: CKV_AWS_39, CKV2_AWS_64, CKV_K8S_21. */
export const isCheckov = (id: string): boolean => /^CKV2?_[A-Z0-9]+_\d+$/.test(id);

/**
 * Checkov ids a rule names for the reader, which Checkov 3.3.13 evaluates on other resource types than the rule does:
 * in a plan they never judge the resource the rule judged, so they are neither enforced nor baselined. Paths are in
 * Checkov's checkov/terraform/checks/.
 */
export const NOT_ENFORCED: Readonly<Record<string, string>> = {
  CKV_AWS_1: 'data.aws_iam_policy_document only (data/aws/AdminPolicyDocument.py); our policies are inline JSON',
  CKV_AWS_49: 'data.aws_iam_policy_document only (data/aws/StarActionPolicyDocument.py)',
  CKV_AWS_111: 'data.aws_iam_policy_document only (data/aws/IAMWriteAccess.py)',
  CKV_AWS_379: 'aws_s3_bucket_acl only (resource/aws/S3SecureDataTransport.py); the rule reads the bucket policy',
  CKV_K8S_21: 'pods and workloads only (resource/kubernetes/DefaultNamespace.py), not secrets, config maps or Helm releases',
  CKV2_AWS_12:
    'reported on the aws_vpc (graph_checks/aws/VPCHasRestrictedSG.yaml), not the default security group the rule ' +
    'judges: a suppression there could not carry to it',
};

/** Whether the job enforces and baselines a scanner id: a Checkov id that judges the rule's own resources. */
const enforced = (id: string): boolean => isCheckov(id) && !(id in NOT_ENFORCED);

/** The Checkov checks the job enforces (`--hard-fail-on`), sorted: those a rule maps to, on the rule's own resources. */
export function checkovChecks(): string[] {
  return [...new Set(RULES.flatMap((rule) => rule.scanners.filter(enforced)))].sort();
}

export interface CheckovBaseline {
  readonly failed_checks: readonly { file: string; findings: { resource: string; check_ids: string[] }[] }[];
}

/**
 * The stack's suppressed findings as a Checkov baseline file (`--baseline`). Checkov 3.3 drops a failed check when
 * a baseline finding has its resource and check id (checkov/common/output/baseline.py, `_is_check_in_baseline`; the
 * file is not compared), and its plan runner names resources by their plan address, as the report does. One file per
 * stack, because two stacks can hold the same address with different decisions (dev's log retention, not prod's).
 */
export function checkovBaseline(report: StackReport, planFile: string): CheckovBaseline {
  const byAddress = new Map<string, Set<string>>();
  for (const finding of report.findings) {
    if (finding.outcome !== 'suppressed') continue;
    for (const id of finding.scanners.filter(enforced)) {
      byAddress.set(finding.address, (byAddress.get(finding.address) ?? new Set<string>()).add(id));
    }
  }
  const findings = [...byAddress]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, ids]) => ({ resource, check_ids: [...ids].sort() }));
  return { failed_checks: findings.length > 0 ? [{ file: planFile, findings }] : [] };
}
