/**
 * Checks a form runs before anything leaves the page, so a typo never costs a try
 * (card-profile.md §4: PIN 6–8, user code 6–10, both of 0-9A-Za-z).
 */

export const PIN_RULE = /^[0-9A-Za-z]{6,8}$/;
export const USER_CODE_RULE = /^[0-9A-Za-z]{6,10}$/;

export interface FieldProblem {
  field: string;
  /** Message key in ui.json. */
  key: string;
}

function pinProblem(field: string, value: string): FieldProblem | null {
  if (value === '') return { field, key: 'ui.validate.pinRequired' };
  return PIN_RULE.test(value) ? null : { field, key: 'ui.validate.pinFormat' };
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
  if (form.userCode === '') out.push({ field: 'userCode', key: 'ui.validate.userCodeRequired' });
  else if (!USER_CODE_RULE.test(form.userCode)) {
    out.push({ field: 'userCode', key: 'ui.validate.userCodeFormat' });
  }
  return out.concat(newPinProblems(form, null));
}
