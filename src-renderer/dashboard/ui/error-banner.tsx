import { memo } from 'react';
import type { ErrorView } from '../store/dashboard-state';

/** An error view with its hint and a × that closes it (a later success closes it too). */
export const ErrorBanner = memo(function ErrorBanner({
  error,
  onDismiss,
  testId,
}: {
  error: ErrorView;
  onDismiss: () => void;
  testId?: string;
}) {
  return (
    <div className="banner banner--error banner--dismissable small" role="alert" data-testid={testId}>
      <button type="button" className="banner__close" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
        ×
      </button>
      <b>{error.message}</b>
      {error.hint ? <div>{error.hint}</div> : null}
    </div>
  );
});
