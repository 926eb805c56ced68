// The IAM rules (./iam/) read plain data; this gives them the template as the doctor read it.
import { IAM_RULES, type IamRuleInput } from './iam';
import type { DoctorInput, DoctorRule } from './rule';

/** The IAM rules, as doctor rules. */
export const DOCTOR_IAM_RULES: readonly DoctorRule[] = IAM_RULES.map((rule) => ({
  description: rule.description,
  check: (input: DoctorInput) => rule.check(iamInput(input)),
}));

function iamInput(input: DoctorInput): IamRuleInput {
  return {
    model: input.model,
    resources: input.records,
    locate: input.locate,
    written: input.writtenPath,
    file: input.file,
    // Only what the user pinned: the reader's default region and account would turn a policy that
    // names another one into a proven denial.
    stack: {
      partition: input.model.stack.partition,
      ...(input.options.stackName !== undefined && { name: input.options.stackName }),
    },
  };
}
