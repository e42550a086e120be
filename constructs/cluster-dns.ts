import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { suppress } from '../policy/pack';

export interface ClusterDnsProps {
  /** The cluster's own public zone, such as `dev.example.com`. */
  readonly zoneName: string;
  /**
   * When set, NS records delegating zoneName are created in this parent zone, and the apply waits until ACM has issued
   * the certificate. When not, nothing waits: the delegation is a step for a human, after this apply prints the name
   * servers (an apply that waited for it would block in aws_acm_certificate_validation for up to 75 minutes).
   */
  readonly parentZoneId?: string;
  /** Delete the records others left in the zone when it is destroyed (disposable copies only). @default false */
  readonly forceDestroy?: boolean;
}

/** A public child zone, its delegation, and a DNS-validated wildcard certificate for the ingress. */
export class ClusterDns extends Construct {
  readonly zone: Route53Zone;
  readonly certificate: AcmCertificate;

  constructor(scope: Construct, id: string, props: ClusterDnsProps) {
    super(scope, id);
    this.zone = new Route53Zone(this, 'zone', {
      name: props.zoneName,
      comment: 'Managed by amc (cdktf)',
      forceDestroy: props.forceDestroy,
    });
    suppress(this.zone, 'AMC-R53-1', 'DNSSEC needs the parent zone to publish a DS record; the cluster zone serves only ingress hosts');
    suppress(this.zone, 'AMC-R53-2', 'query logs of a zone that serves ingress hosts add cost, and nothing anyone reads');
    if (props.parentZoneId) {
      new Route53Record(this, 'delegation', {
        zoneId: props.parentZoneId,
        name: props.zoneName,
        type: 'NS',
        ttl: 300,
        records: this.zone.nameServers,
      });
    }

    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: `*.${props.zoneName}`,
      subjectAlternativeNames: [props.zoneName],
      validationMethod: 'DNS',
      lifecycle: { createBeforeDestroy: true },
    });
    suppress(
      this.certificate,
      'AMC-ACM-1',
      'one certificate serves every app host of the cluster zone, which ExternalDNS publishes per Ingress',
    );
    // The wildcard and the apex share one validation record; allowOverwrite lets both entries write it.
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, 'domain_name');
    const validation = new Route53Record(this, 'validation', {
      forEach: options,
      zoneId: this.zone.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    // ACM keeps checking these records for 72 hours and issues the certificate once the delegation resolves.
    if (props.parentZoneId) {
      new AcmCertificateValidation(this, 'validated', {
        certificateArn: this.certificate.arn,
        validationRecordFqdns: Token.asList(`\${[for record in ${validation.fqn} : record.fqdn]}`),
      });
    }
  }
}
