// Minimal shell page: connection status and app:info. The editor UI replaces <Shell> later.
import { StrictMode, useEffect, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { createRoot } from 'react-dom/client';
import { connectFilterbank, FilterbankError, type AppInfo, type ConnectionStatus, type FilterbankApi } from './api';

const STATE_LABELS: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  refused: 'Refused by the server',
  closed: 'Closed',
};

const page: CSSProperties = { font: '14px system-ui, sans-serif', margin: '2rem', color: '#1d2430' };
const badge = (open: boolean): CSSProperties => ({ display: 'inline-block', padding: '0.2rem 0.6rem', borderRadius: 4, background: open ? '#d8f3dc' : '#ffe5d9' });

function useConnection(api: FilterbankApi): ConnectionStatus {
  return useSyncExternalStore((onChange) => api.onConnection(onChange), () => api.connection());
}

function useAppInfo(api: FilterbankApi, open: boolean): { info: AppInfo | null; error: FilterbankError | null } {
  const [result, setResult] = useState<{ info: AppInfo | null; error: FilterbankError | null }>({ info: null, error: null });
  useEffect(() => {
    if (!open) return;
    let current = true;
    api.invoke('app:info').then(
      (info) => current && setResult({ info, error: null }),
      (error: unknown) => current && setResult({ info: null, error: error instanceof FilterbankError ? error : new FilterbankError({ code: 'internal', message: String(error), hint: null }) }),
    );
    return () => {
      current = false;
    };
  }, [api, open]);
  return result;
}

function Shell({ api }: { api: FilterbankApi }) {
  const status = useConnection(api);
  const { info, error } = useAppInfo(api, status.state === 'open');
  return (
    <main style={page}>
      <h1>Filterbank</h1>
      <p>
        <span data-testid="connection" data-state={status.state} style={badge(status.state === 'open')}>
          {STATE_LABELS[status.state]}
        </span>
        {status.reason && status.state !== 'open' ? <span data-testid="connection-reason"> {status.reason}</span> : null}
      </p>
      {info ? (
        <dl data-testid="app-info">
          <dt>Version</dt>
          <dd data-testid="app-version">{info.version}</dd>
          <dt>Host</dt>
          <dd data-testid="app-host">{info.host === 'electron' ? `Desktop app (Electron ${info.versions.electron})` : `Browser mode (Node ${info.versions.node})`}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
          <dt>Autosaves</dt>
          <dd>{info.paths.recovery}</dd>
        </dl>
      ) : null}
      {error ? (
        <p role="alert" data-testid="app-error">
          {error.message} {error.hint}
        </p>
      ) : null}
    </main>
  );
}

const api = connectFilterbank();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shell api={api} />
  </StrictMode>,
);
