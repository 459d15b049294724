import { memo, useEffect, useState, useSyncExternalStore } from 'react';
import { FilterbankError, type AppInfo, type ConnectionStatus, type FilterbankApi } from '../api';
import { useModelStatus } from '../editor/inspector/use-dataset-fit';
import { useEditor } from '../editor/store/use-editor';

const STATE_LABELS: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  refused: 'Refused by the server',
  closed: 'Closed',
};

function useAppInfo(api: FilterbankApi, open: boolean): { info: AppInfo | null; error: FilterbankError | null } {
  const [result, setResult] = useState<{ info: AppInfo | null; error: FilterbankError | null }>({
    info: null,
    error: null,
  });
  useEffect(() => {
    if (!open) return;
    let current = true;
    api.invoke('app:info').then(
      (info) => current && setResult({ info, error: null }),
      (error: unknown) =>
        current &&
        setResult({
          info: null,
          error:
            error instanceof FilterbankError
              ? error
              : new FilterbankError({ code: 'internal', message: String(error), hint: null }),
        }),
    );
    return () => {
      current = false;
    };
  }, [api, open]);
  return result;
}

/** The window's foot: the connection to the services, where they run, and the model's state at a glance. */
export const StatusBar = memo(function StatusBar({ api }: { api: FilterbankApi }) {
  const status = useSyncExternalStore(
    (onChange) => api.onConnection(onChange),
    () => api.connection(),
  );
  const { info, error } = useAppInfo(api, status.state === 'open');
  const errors = useModelStatus().errorCount;
  const params = useEditor((s) => s.summary.totalParams);
  return (
    <footer className="status-bar">
      <span
        data-testid="connection"
        data-state={status.state}
        className={`status-bar__connection status-bar__connection--${status.state === 'open' ? 'open' : 'down'}`}
      >
        {STATE_LABELS[status.state]}
      </span>
      {status.reason && status.state !== 'open' ? <span data-testid="connection-reason">{status.reason}</span> : null}
      {info ? (
        <span data-testid="app-info" className="status-bar__info">
          <span data-testid="app-host">
            {info.host === 'electron'
              ? `Desktop app (Electron ${info.versions.electron})`
              : `Browser mode (Node ${info.versions.node})`}
          </span>
          {' · Filterbank '}
          <span data-testid="app-version">{info.version}</span>
        </span>
      ) : null}
      {error ? (
        <span role="alert" data-testid="app-error" className="status-bar__error">
          {error.message} {error.hint}
        </span>
      ) : null}
      <span className="status-bar__model" data-testid="model-status">
        {params.toLocaleString('en-US')} params ·{' '}
        {errors === 0 ? 'no errors' : `${errors} error${errors === 1 ? '' : 's'}`}
      </span>
    </footer>
  );
});
