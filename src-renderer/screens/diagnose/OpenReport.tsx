import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { MAX_REPORT_BYTES } from '../../../src/service/diagnostics/report-file';
import { useDiagnose, type DiagnoseActions } from '../../store/diagnose-store';
import { useT } from '../../store/use-card';
import './open-report.css';

/** A citizen's saved report, opened with the button or dropped on the box (JSON only). */
async function openFile(
  file: File,
  actions: Pick<DiagnoseActions, 'openSaved' | 'refuseFile'>,
): Promise<void> {
  if (file.size > MAX_REPORT_BYTES) {
    const limit = `${MAX_REPORT_BYTES / (1024 * 1024)} MB`;
    actions.refuseFile({
      code: 'invalid-input',
      messageKey: 'file.tooLarge',
      params: { file: file.name, limit },
    });
    return;
  }
  actions.openSaved(file.name, await file.text());
}

/**
 * "Open a saved report": a helpdesk reads the JSON report a citizen sent, here, as if it had
 * been made here (same texts, same language switch), with a line saying it was not. Nothing
 * on this computer is checked and no card is touched.
 */
export function OpenReport() {
  const { tr } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const openedFile = useDiagnose((s) => s.openedFile);
  const openError = useDiagnose((s) => s.openError);
  const report = useDiagnose((s) => s.report);
  const actions = useDiagnose((s) => s);

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void openFile(file, actions);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void openFile(file, actions);
  };

  return (
    <div
      className={`open-report${over ? ' open-report-over' : ''}`}
      data-testid="open-report"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <button type="button" onClick={() => input.current?.click()} data-testid="open-report-button">
        {tr('report.ui.open')}
      </button>
      <span className="hint"> {tr('report.ui.dropHint')}</span>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={onPick}
        data-testid="open-report-input"
      />
      {openError && (
        <p className="message message-error" role="alert" data-testid="open-report-error">
          {tr(openError.messageKey, openError.params)}
        </p>
      )}
      {openedFile && report && (
        <p className="message message-empty" role="status" data-testid="open-report-banner">
          {tr('report.ui.opened', { file: openedFile, at: report.generatedAt })}{' '}
          <button
            type="button"
            onClick={() => actions.closeSaved()}
            data-testid="open-report-close"
          >
            {tr('report.ui.close')}
          </button>
        </p>
      )}
    </div>
  );
}
