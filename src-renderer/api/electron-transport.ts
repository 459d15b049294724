// FilterbankApi over the preload bridge (window.filterbank) in the Electron app.
import type { PreloadBridge } from '../../src-shared';
import { FilterbankError, Listeners, type ConnectionStatus, type FilterbankApi } from './filterbank-api';

export function createElectronApi(bridge: PreloadBridge): FilterbankApi {
  const errors = new Listeners<FilterbankError>();
  const status: ConnectionStatus = { state: 'open', reason: null, attempt: 0 };
  const api: FilterbankApi = {
    transport: 'electron',
    async invoke(channel, ...args) {
      let envelope;
      try {
        envelope = await bridge.invoke(channel, args[0]);
      } catch (error) {
        // Only reachable when the main process has no handler (e.g. while it shuts down).
        throw new FilterbankError(
          {
            code: 'disconnected',
            message: `The app did not answer ${channel}: ${error instanceof Error ? error.message : String(error)}`,
            hint: 'Restart Filterbank.',
          },
          channel,
        );
      }
      if (!envelope.ok) throw new FilterbankError(envelope.error, channel);
      return envelope.value as never;
    },
    send(channel, ...args) {
      bridge.send(channel, args[0]);
    },
    on(channel, listener) {
      return bridge.on(channel, (payload) => listener(payload as never));
    },
    connection: () => status,
    onConnection: () => () => undefined,
    onError: (listener) => errors.add(listener),
    close: () => undefined,
  };
  return api;
}
