import type { FieldProblem } from '../../view/secret-validation';
import { useT } from '../../store/use-card';

/**
 * A PIN or user-code input. Never autocompleted or spell-checked, so the browser keeps no
 * copy; the value lives in the form's state only until the attempt ends. No maxLength:
 * a browser that silently cut a 9-character entry to 8 would send a wrong PIN and spend a
 * try, so an over-long entry is refused by validation instead.
 */
export function SecretField(props: {
  id: string;
  label: string;
  hint: string;
  value: string;
  problems: FieldProblem[];
  field: string;
  onChange: (value: string) => void;
}) {
  const { tr } = useT();
  const problem = props.problems.find((p) => p.field === props.field);
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type="password"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        value={props.value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${hintId} ${errorId}` : hintId}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.id}
      />
      <small id={hintId} className="hint">
        {props.hint}
      </small>
      {problem && (
        <small id={errorId} className="field-error">
          {tr(problem.key)}
        </small>
      )}
    </div>
  );
}
