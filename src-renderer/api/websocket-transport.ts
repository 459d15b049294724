// FilterbankApi over a WebSocket to the browser-mode server: request ids, typed errors, events (binary
// frames for typed arrays), and reconnection with backoff. Written against a minimal socket interface so it
// runs in the browser and, for tests, under Node with the `ws` package.
import { WS_CLOSE, type IpcErrorShape } from '../../src-shared';
import {
  CLOSE_MESSAGE_TOO_BIG,
  MAX_CLIENT_MESSAGE_BYTES,
  decodeMessage,
  encodeMessage,
  formatMessageSize,
  type ClientMessage,
  type ServerMessage,
} from '../../src-shared';
import { FilterbankError, Listeners, type ConnectionStatus, type FilterbankApi } from './filterbank-api';

/** The part of the WebSocket API this transport uses (browser WebSocket and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebSocketApiOptions {
  /** ws://host:port/ws?token=… */
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long an invoke made while disconnected waits for the connection. */
  connectTimeoutMs?: number;
  /** The server's limit on one message (default MAX_CLIENT_MESSAGE_BYTES): larger ones are refused here, not sent. */
  maxMessageBytes?: number;
}

const OPEN = 1;

interface Pending {
  channel: string;
  /** Size of the sent frame, to tell which request a "message too big" close refers to. */
  bytes: number;
  resolve: (value: unknown) => void;
  reject: (error: FilterbankError) => void;
}

interface Queued extends Pending {
  message: ClientMessage;
  timer: ReturnType<typeof setTimeout> | null;
}

function defaultSocket(url: string): SocketLike {
  const Ctor = (globalThis as unknown as { WebSocket?: new (url: string) => SocketLike }).WebSocket;
  if (!Ctor) throw new Error('This environment has no WebSocket; pass createSocket.');
  return new Ctor(url);
}

const TOO_LARGE_UNKNOWN =
  'The project is too large for browser mode: the server refused a message over its limit and reconnected.';
const TOO_LARGE_HINT = 'Use the desktop app (npm start) or the CLI (npm run cli), which have no such limit.';

/** UTF-8 length of a text frame; counted only when it could be over the limit. */
function frameBytes(frame: string | Uint8Array, limit: number): number {
  if (typeof frame !== 'string') return frame.byteLength;
  return frame.length * 3 <= limit ? frame.length : new TextEncoder().encode(frame).byteLength;
}

const transportError = (
  code: IpcErrorShape['code'],
  message: string,
  hint: string | null,
  channel: string | null = null,
) => new FilterbankError({ code, message, hint }, channel);

export function createWebSocketApi(options: WebSocketApiOptions): FilterbankApi {
  const createSocket = options.createSocket ?? defaultSocket;
  const initialDelay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const connectTimeout = options.connectTimeoutMs ?? 30_000;
  const maxMessageBytes = options.maxMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES;

  const connectionListeners = new Listeners<ConnectionStatus>();
  const errors = new Listeners<FilterbankError>();
  const eventListeners = new Map<string, Listeners<unknown>>();
  const inFlight = new Map<number, Pending>();
  let queue: Queued[] = [];
  let nextId = 1;
  let socket: SocketLike | null = null;
  let status: ConnectionStatus = { state: 'connecting', reason: null, attempt: 0 };
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUs = false;
  let ready = false;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    connectionListeners.emit(status);
  };

  /** Sends, or answers why not: a message the server would refuse must not cost the connection. */
  const transmit = (message: ClientMessage, channel: string): FilterbankError | null => {
    const frame = encodeMessage(message) as string | Uint8Array;
    const bytes = frameBytes(frame, maxMessageBytes);
    if (bytes > maxMessageBytes) {
      const what =
        `${channel} would send ${formatMessageSize(bytes)}, over its ` + `${formatMessageSize(maxMessageBytes)} limit`;
      return transportError(
        'unsupported',
        `The project is too large for browser mode: ${what}.`,
        TOO_LARGE_HINT,
        channel,
      );
    }
    socket!.send(frame);
    if (message.type === 'invoke') inFlight.get(message.id)!.bytes = bytes;
    return null;
  };

  const largestInFlight = (): Pending | null => {
    let largest: Pending | null = null;
    for (const pending of inFlight.values()) if (!largest || pending.bytes > largest.bytes) largest = pending;
    return largest;
  };

  /** Transmits a request that may wait in the queue; an invoke is settled by its result. */
  const dispatch = (entry: Queued) => {
    if (entry.message.type === 'invoke') inFlight.set(entry.message.id, entry);
    const refused = transmit(entry.message, entry.channel);
    if (refused) {
      if (entry.message.type === 'invoke') inFlight.delete(entry.message.id);
      entry.reject(refused);
    } else if (entry.message.type === 'send') entry.resolve(undefined);
  };

  const failQueued = (error: (channel: string) => FilterbankError) => {
    for (const q of queue) {
      if (q.timer) clearTimeout(q.timer);
      q.reject(error(q.channel));
    }
    queue = [];
  };

  const onMessage = (data: unknown) => {
    let message: ServerMessage;
    try {
      const frame =
        typeof data === 'string'
          ? data
          : data instanceof ArrayBuffer
            ? data
            : ArrayBuffer.isView(data)
              ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
              : String(data);
      message = decodeMessage(frame) as ServerMessage;
    } catch (error) {
      errors.emit(
        transportError(
          'malformed-message',
          `The server sent a message the app cannot read: ${String(error)}`,
          'Reload the page; if it persists, restart `npm run serve`.',
        ),
      );
      return;
    }
    if (message.type === 'ready') {
      onReady();
    } else if (message.type === 'result') {
      const pending = inFlight.get(message.id);
      if (!pending) return;
      inFlight.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new FilterbankError(message.error, pending.channel));
    } else if (message.type === 'event') {
      eventListeners.get(message.channel)?.emit(message.payload);
    } else if (message.type === 'error') {
      errors.emit(new FilterbankError(message.error));
    }
  };

  const onReady = () => {
    ready = true;
    setStatus({ state: 'open', reason: null, attempt: 0 });
    const waiting = queue;
    queue = [];
    for (const q of waiting) {
      if (q.timer) clearTimeout(q.timer);
      dispatch(q);
    }
  };

  const connect = () => {
    ready = false;
    reconnectTimer = null;
    const ws = createSocket(options.url);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => undefined; // usable only after the server's 'ready' message
    ws.onmessage = (event) => onMessage(event.data);
    ws.onerror = () => undefined; // the close event that follows carries the information
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      // The server names no request: the largest one in flight is the one it refused.
      const tooBig = event.code === CLOSE_MESSAGE_TOO_BIG ? largestInFlight() : null;
      if (event.code === CLOSE_MESSAGE_TOO_BIG && !tooBig)
        errors.emit(transportError('unsupported', TOO_LARGE_UNKNOWN, TOO_LARGE_HINT));
      for (const [id, pending] of inFlight) {
        inFlight.delete(id);
        if (pending === tooBig) {
          const size = formatMessageSize(pending.bytes);
          const message =
            `The project is too large for browser mode: the server ` +
            `refused the ${size} message of ${pending.channel}.`;
          pending.reject(transportError('unsupported', message, TOO_LARGE_HINT, pending.channel));
          continue;
        }
        pending.reject(
          transportError(
            'connection-lost',
            `The connection to the Filterbank server was lost while ` +
              `${pending.channel} was running; it may or may not have completed.`,
            'Check its effect (for example reopen the project) before retrying.',
            pending.channel,
          ),
        );
      }
      if (closedByUs) {
        setStatus({ state: 'closed', reason: null, attempt: 0 });
        failQueued((channel) => transportError('disconnected', 'The Filterbank API was closed.', null, channel));
        return;
      }
      if (event.code === WS_CLOSE.unauthorized || event.code === WS_CLOSE.forbiddenOrigin) {
        const reason = event.reason || 'The server refused the connection.';
        setStatus({ state: 'refused', reason, attempt: status.attempt });
        failQueued((channel) =>
          transportError(
            'unauthorized',
            reason,
            'Open the URL printed by `npm run serve` again: the server issues a new token each time it starts.',
            channel,
          ),
        );
        return;
      }
      const attempt = status.state === 'open' ? 1 : status.attempt + 1;
      setStatus({ state: 'reconnecting', reason: event.reason || `connection closed (code ${event.code})`, attempt });
      reconnectTimer = setTimeout(connect, Math.min(maxDelay, initialDelay * 2 ** (attempt - 1)));
    };
  };

  const enqueue = (message: ClientMessage, channel: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const entry: Queued = { message, channel, bytes: 0, resolve, reject, timer: null };
      if (status.state === 'refused' || status.state === 'closed') {
        reject(
          transportError(
            status.state === 'refused' ? 'unauthorized' : 'disconnected',
            status.reason ?? 'The Filterbank API is closed.',
            null,
            channel,
          ),
        );
        return;
      }
      if (socket && ready && socket.readyState === OPEN) return dispatch(entry);
      entry.timer = setTimeout(() => {
        queue = queue.filter((q) => q !== entry);
        reject(
          transportError(
            'timeout',
            `No connection to the Filterbank server within ` +
              `${Math.round(connectTimeout / 1000)} s, so ${channel} was not sent.`,
            'Check that `npm run serve` is still running.',
            channel,
          ),
        );
      }, connectTimeout);
      queue.push(entry);
    });

  connect();

  return {
    transport: 'websocket',
    invoke(channel, ...args) {
      return enqueue({ type: 'invoke', id: nextId++, channel, payload: args[0] }, channel) as never;
    },
    send(channel, ...args) {
      enqueue({ type: 'send', channel, payload: args[0] }, channel).catch((error: FilterbankError) =>
        errors.emit(error),
      );
    },
    on(channel, listener) {
      let set = eventListeners.get(channel);
      if (!set) eventListeners.set(channel, (set = new Listeners()));
      return set.add(listener as (payload: unknown) => void);
    },
    connection: () => status,
    onConnection: (listener) => connectionListeners.add(listener),
    onError: (listener) => errors.add(listener),
    close() {
      closedByUs = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      if (socket) socket.close(1000, 'closed by the app');
      else {
        setStatus({ state: 'closed', reason: null, attempt: 0 });
        failQueued((channel) => transportError('disconnected', 'The Filterbank API was closed.', null, channel));
      }
    },
  };
}
