import { useActions, useCard, useT } from '../store/use-card';

/** Shown only when there is a choice to make. */
export function ReaderPicker() {
  const readers = useCard((s) => s.readers);
  const selected = useCard((s) => s.selectedReader);
  const { selectReader } = useActions();
  const { tr } = useT();
  if (readers.length < 2) return null;
  return (
    <label className="reader-picker">
      <span>{tr('ui.reader.choose')}</span>
      <select value={selected ?? ''} onChange={(e) => void selectReader(e.target.value)}>
        {readers.map((r) => (
          <option key={r.name} value={r.name}>
            {r.name}
            {r.cardPresent ? '' : ` (${tr('ui.reader.empty')})`}
          </option>
        ))}
      </select>
    </label>
  );
}
