import { useState } from 'react';
import type { PinResult } from '../../store/card-store';
import type { FieldProblem } from '../../view/secret-validation';

/**
 * Form state for one PIN operation. After every attempt, sent or refused, the inputs and
 * the last-try confirmation are emptied: a secret is kept no longer than one attempt, and
 * a last-try confirmation never carries over to the next one.
 */
export function useSecretForm<F extends Record<string, string>>(empty: F) {
  const [values, setValues] = useState<F>(empty);
  const [confirmed, setConfirmed] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);

  const set = (field: keyof F) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async (run: (values: F, confirmed: boolean) => Promise<PinResult>) => {
    const sent = values;
    setValues(empty);
    setConfirmed(false);
    const result = await run(sent, confirmed);
    setProblems(result.problems);
  };

  return { values, set, confirmed, setConfirmed, problems, submit };
}
