import { memo, useEffect } from 'react';
import { useActions, useEditor } from '../editor/store/use-editor';

const INFO_MS = 3500;

/** The latest notice: information fades by itself; errors stay until dismissed, replaced, or what failed works. */
export const NoticeBar = memo(function NoticeBar() {
  const notice = useEditor((s) => s.notice);
  const actions = useActions();
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const id = notice.id;
    const t = setTimeout(() => actions.dismissNotice(id), INFO_MS);
    return () => clearTimeout(t);
  }, [notice, actions]);
  if (!notice) return null;
  return (
    <div
      className={`notice notice--${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => actions.dismissNotice()}>
        ×
      </button>
    </div>
  );
});
