import { Construct } from 'constructs';
import { Fn, Op, TerraformLocal, TerraformResource } from 'cdktf';

export interface PlaceholderGuardProps {
  /** The fields that still hold sample values. */
  readonly fields: readonly string[];
  /** What Terraform prints when it refuses to plan. */
  readonly message: string;
}

/**
 * Makes every `terraform plan` of its stack fail with one message while sample values remain, so nothing is created
 * with them; synth is untouched. `terraform_data` is built into Terraform (no provider to configure or download), so
 * its precondition fails even where the AWS provider cannot authenticate. The condition reads a local because
 * Terraform rejects a condition that refers to nothing.
 */
export class PlaceholderGuard extends Construct {
  constructor(scope: Construct, id: string, props: PlaceholderGuardProps) {
    super(scope, id);
    const fields = new TerraformLocal(this, 'fields', [...props.fields]);
    new TerraformResource(this, 'guard', {
      terraformResourceType: 'terraform_data',
      lifecycle: { precondition: [{ condition: Op.lt(Fn.lengthOf(fields.asList), 1), errorMessage: props.message }] },
    });
  }
}
