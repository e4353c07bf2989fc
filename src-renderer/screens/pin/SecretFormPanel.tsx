import type { FormEvent } from 'react';
import type { SecretStatus } from '../../../src/core/model';
import type { PinResult } from '../../store/card-store';
import { useCard, useT } from '../../store/use-card';
import { lastTryGate } from '../../../src/card/pin-policy';
import { LastTryConfirm } from './LastTryConfirm';
import { SecretField } from './SecretField';
import { useSecretForm } from './use-secret-form';

export interface SecretFieldSpec<F> {
  field: keyof F & string;
  /** DOM id and test id of the input. */
  id: string;
  labelKey: string;
  hintKey: string;
}

/**
 * One PIN operation's form: its secret fields, the last-try confirmation when the counter
 * it spends from has one try left (card-profile.md §1.2), and a submit button that stays
 * disabled until that confirmation is given. Verify, change and unblock differ only in
 * their fields, texts and the action they run.
 */
export function SecretFormPanel<F extends Record<string, string>>(props: {
  /** Prefix of ids and test ids: "verify", "change", "unblock". */
  id: string;
  titleKey: string;
  introKey: string;
  submitKey: string;
  /** Which counter the operation spends from, and its current state. */
  secret: 'pin' | 'userCode';
  counter: SecretStatus | null;
  empty: F;
  fields: SecretFieldSpec<F>[];
  run: (values: F, confirmed: boolean) => Promise<PinResult>;
}) {
  const { tr } = useT();
  const busy = useCard((s) => s.pinBusy);
  const form = useSecretForm(props.empty);
  const gate = lastTryGate(props.counter, form.confirmed);
  const titleId = `${props.id}-title`;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void form.submit(props.run);
  };

  return (
    <form className="panel pin-form" onSubmit={onSubmit} aria-labelledby={titleId} noValidate>
      <h3 id={titleId}>{tr(props.titleKey)}</h3>
      <p className="muted">{tr(props.introKey)}</p>
      {props.fields.map((f) => (
        <SecretField
          key={f.field}
          id={f.id}
          field={f.field}
          label={tr(f.labelKey)}
          hint={tr(f.hintKey)}
          value={form.values[f.field] ?? ''}
          problems={form.problems}
          onChange={form.set(f.field)}
        />
      ))}
      {gate.needsConfirm && (
        <LastTryConfirm
          id={props.id}
          secret={props.secret}
          checked={form.confirmed}
          onChange={form.setConfirmed}
        />
      )}
      <button
        type="submit"
        className="primary"
        disabled={!gate.canSubmit || busy}
        data-testid={`${props.id}-submit`}
      >
        {tr(props.submitKey)}
      </button>
    </form>
  );
}
