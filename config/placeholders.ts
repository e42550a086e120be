import { contains, parseCidr } from './cidr';
import type { ContextConfig } from './types';

/** The sample accounts of config/dev.ts and config/prod.ts; they appear in their ARNs and state buckets too. */
const SAMPLE_ACCOUNTS = ['111111111111', '222222222222'];
/** RFC 2606 example domains, as a whole label: example.com, gitlab.example.com, https://example.org/... */
const EXAMPLE_DOMAIN = /(^|[./@])example\.(com|net|org)($|[/:])/;
const SAMPLE_PROJECT = /^example-group\//;
/** RFC 5737 documentation ranges (TEST-NET-1, -2, -3): never anyone's real address. */
// Stryker disable next-line ArrayDeclaration: equivalent, all three parse and the `?? []` never runs; StringLiteral mutants drop each.
const DOCUMENTATION_RANGES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].flatMap((text) => parseCidr(text) ?? []);

function isPlaceholder(value: string): boolean {
  if (SAMPLE_ACCOUNTS.some((account) => value.includes(account)) || EXAMPLE_DOMAIN.test(value) || SAMPLE_PROJECT.test(value)) return true;
  const network = parseCidr(value);
  return network !== undefined && DOCUMENTATION_RANGES.some((range) => contains(range, network));
}

/** Field paths of a context that still hold a sample value, such as `aws.accountId` or `cluster.publicAccessCidrs[0]`. */
export function placeholderFields(config: ContextConfig): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string' && isPlaceholder(value)) found.push(path);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    }
  };
  walk(config, '');
  // Fields derived from another one are named by it: the cluster zone by dns.parentDomain, and the bootstrap's roles
  // and the state account by aws.accountId.
  // Stryker disable ArrayDeclaration: equivalent, an added value is no field path and filters nothing; StringLiteral mutants drop each.
  const derived = [
    ...(found.includes('dns.parentDomain') ? ['dns.clusterZone'] : []),
    ...(found.includes('aws.accountId')
      ? [
          ...(config.bootstrap.terraformRole ? ['aws.terraformRoleArn'] : []),
          ...(config.bootstrap.planRole ? ['aws.planRoleArn'] : []),
          ...(config.bootstrap.adminRole ? ['adminRoleArn'] : []),
          // Stryker disable next-line ConditionalExpression: 'true' is equivalent, two 12-digit account ids holding the sample are equal.
          ...(config.state.accountId === config.aws.accountId ? ['state.accountId'] : []),
        ]
      : []),
  ];
  // Stryker restore ArrayDeclaration
  return found.filter((path) => !derived.includes(path));
}

/** The refusal a plan of this context prints while placeholders remain; undefined when there are none. */
export function placeholderMessage(config: ContextConfig): string | undefined {
  const fields = placeholderFields(config);
  if (fields.length === 0) return undefined;
  return (
    `Context '${config.name}' still has placeholder values in config/${config.name}.ts: ${fields.join(', ')}. ` +
    'Replace every placeholder (README, Customise) before you plan or deploy; synth works with them, Terraform does not.'
  );
}
