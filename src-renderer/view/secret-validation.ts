/**
 * Checks a form runs before anything leaves the page, so a typo never costs a try. The
 * rule itself is the app's one PIN policy (card-profile.md §4); this module only words it
 * for the form's fields and adds what only a form has: the repeated new PIN.
 */
import { secretFormProblem } from '../../src/card/pin-policy';
import type { SecretKind } from '../../src/core/errors';

export interface FieldProblem {
  field: string;
  /** Message key in ui.json. */
  key: string;
}

const KEYS: Record<SecretKind, { required: string; format: string }> = {
  pin: { required: 'ui.validate.pinRequired', format: 'ui.validate.pinFormat' },
  userCode: { required: 'ui.validate.userCodeRequired', format: 'ui.validate.userCodeFormat' },
};

function secretProblem(kind: SecretKind, field: string, value: string): FieldProblem | null {
  const problem = secretFormProblem(kind, value);
  if (problem === null) return null;
  return { field, key: problem === 'empty' ? KEYS[kind].required : KEYS[kind].format };
}

function pinProblem(field: string, value: string): FieldProblem | null {
  return secretProblem('pin', field, value);
}

export function validateVerify(form: { pin: string }): FieldProblem[] {
  const p = pinProblem('pin', form.pin);
  return p ? [p] : [];
}

function newPinProblems(
  form: { newPin: string; newPinAgain: string },
  oldPin: string | null,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const p = pinProblem('newPin', form.newPin);
  if (p) out.push(p);
  else if (oldPin !== null && form.newPin === oldPin) {
    out.push({ field: 'newPin', key: 'ui.validate.sameAsOld' });
  }
  if (form.newPinAgain !== form.newPin) {
    out.push({ field: 'newPinAgain', key: 'ui.validate.mismatch' });
  }
  return out;
}

export function validateChange(form: {
  oldPin: string;
  newPin: string;
  newPinAgain: string;
}): FieldProblem[] {
  const out: FieldProblem[] = [];
  const p = pinProblem('oldPin', form.oldPin);
  if (p) out.push(p);
  return out.concat(newPinProblems(form, form.oldPin));
}

export function validateUnblock(form: {
  userCode: string;
  newPin: string;
  newPinAgain: string;
}): FieldProblem[] {
  const out: FieldProblem[] = [];
  const p = secretProblem('userCode', 'userCode', form.userCode);
  if (p) out.push(p);
  return out.concat(newPinProblems(form, null));
}
