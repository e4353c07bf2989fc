import { useActions, useCard, useT } from '../store/use-card';

/**
 * Card inserted / removed, service down / back: said once by screen readers (the region
 * exists from the start, so changes to it are announced) and shown until dismissed.
 */
export function LiveNotice() {
  const notice = useCard((s) => s.notice);
  const { dismissNotice } = useActions();
  const { tr } = useT();
  return (
    <div className="live-notice-region" role="status" aria-live="polite" data-testid="live-notice">
      {notice && (
        <div className={`notice notice-${notice.tone}`} key={notice.id}>
          <span>{tr(notice.key, notice.params)}</span>
          <button type="button" className="link-button" onClick={dismissNotice}>
            {tr('ui.action.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
