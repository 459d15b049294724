// Browser mode: serves the built renderer and the typed API (over a WebSocket) on 127.0.0.1 only, behind a
// per-start secret token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeMessage, formatMessageSize, MAX_CLIENT_MESSAGE_BYTES, WS_CLOSE } from '../../src-shared';
import type { IpcRouter } from '../ipc/router';
import { securityHeaders } from '../security/csp';
import type { EventHub } from '../services/event-hub';
import { Gate, newToken } from './auth';
import { resolveStaticFile, sendStaticFile } from './static-files';
import { serveSocket } from './socket-session';

export const DEFAULT_PORT = 5170;
export const SOCKET_PATH = '/ws';
/** A refused client is sent a close frame and nothing else: what it sends meanwhile is never buffered. */
const REFUSED_MAX_PAYLOAD = 1024;
/** How long a peer has to answer our close frame before its socket is destroyed (ws waits 30 s by default). */
const CLOSE_TIMEOUT_MS = 2000;
const REFUSED_CLOSE_TIMEOUT_MS = 1000;
/** A client this far behind gets no more feature maps until it catches up (progress still flows). */
const SLOW_CLIENT_BYTES = 16 * 1024 * 1024;

export interface BrowserServerOptions {
  /** Builds the handler table once the server knows its origin (the trusted sender). */
  createRouter: (origin: string) => IpcRouter;
  events: EventHub;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fail instead of falling back to a free port when `port` is taken. */
  strictPort?: boolean;
  /** Largest message a page may send (default MAX_CLIENT_MESSAGE_BYTES); tests lower it. */
  maxMessageBytes?: number;
  log?: (message: string) => void;
}

export interface BrowserServer {
  /** Open this URL: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const UNAUTHORIZED =
  'Unauthorized: missing or wrong token. Open the URL printed by `npm run serve` (it ends in ?token=…).';
const UNAUTHORIZED_SOCKET = 'Unauthorized: missing or wrong token. Open the URL printed by npm run serve.';

/** WebSocket close reasons are limited to 123 bytes. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123
    ? text
    : `${bytes
        .subarray(0, 119)
        .toString()
        .replace(/\uFFFD$/, '')}...`;
}

/** Destroys the socket if the peer has not finished the close handshake in time. */
function terminateUnlessClosed(ws: WebSocket, ms: number): void {
  const timer = setTimeout(() => ws.terminate(), ms);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const log = options.log ?? ((message: string) => console.log(message));
  const token = newToken();
  let gate: Gate | null = null;
  let router: IpcRouter | null = null;
  let headers: Record<string, string> = {};

  const maxMessageBytes = options.maxMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES;
  const server = createServer((request, response) => void handleHttp(request, response));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const refusedSockets = new WebSocketServer({ noServer: true, maxPayload: REFUSED_MAX_PAYLOAD });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${text}\n`);
    };
    if (!gate) return plain(503, 'Starting.');
    if (!gate.hostAllowed(request))
      return plain(403, 'Forbidden: unexpected Host header. Use the 127.0.0.1 URL printed by `npm run serve`.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${gate.port}`);
    const how = gate.authenticate(request, url);
    if (!how) return plain(401, UNAUTHORIZED);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, `Method ${request.method} is not allowed: only GET and HEAD.`, { Allow: 'GET, HEAD' });
    const file = await resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) return plain(404, `Not found: ${url.pathname}`);
    // The page's own script and style requests carry no token; the cookie set here covers them.
    if (how === 'query') response.setHeader('Set-Cookie', gate.cookie());
    sendStaticFile(response, file, headers, request.method === 'HEAD');
  }

  // Malformed requests and sockets reset mid-handshake must not reach the process as unhandled errors.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`, () => socket.destroy());
  });
  server.on('error', (error) => log(`Browser-mode server error: ${error.message}`));

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!gate || url.pathname !== SOCKET_PATH || !gate.hostAllowed(request)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n', () => socket.destroy());
      return;
    }
    const refusal = refusalOf(request, url);
    if (refusal) {
      refusedSockets.handleUpgrade(request, socket, head, (ws) => {
        ws.on('error', () => undefined); // ws closes the socket itself; a refused client's errors are not news
        ws.close(refusal.code, refusal.reason);
        terminateUnlessClosed(ws, REFUSED_CLOSE_TIMEOUT_MS);
      });
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error) => {
        onSocketError(error);
        terminateUnlessClosed(ws, CLOSE_TIMEOUT_MS);
      });
      serveSocket(ws, router!, { url: `${gate!.origins[0]}/` });
    });
  });

  // Refusals complete the handshake and then close with a code and reason, because a browser WebSocket
  // cannot see the status of a refused handshake, only a close reason. They go through their own server,
  // whose tiny maxPayload and short close timeout leave a client without the token nothing to hold.
  function refusalOf(request: IncomingMessage, url: URL): { code: number; reason: string } | null {
    if (!gate || !router) return { code: WS_CLOSE.serverShutdown, reason: 'Server is starting.' };
    if (!gate.originAllowed(request)) {
      return {
        code: WS_CLOSE.forbiddenOrigin,
        reason: closeReason(`Forbidden origin ${request.headers.origin}: only Filterbank's own page may connect.`),
      };
    }
    if (!gate.authenticate(request, url)) return { code: WS_CLOSE.unauthorized, reason: UNAUTHORIZED_SOCKET };
    return null;
  }

  // ws has already closed the connection (1009 for an oversized message, 1002 or 1007 for protocol errors).
  function onSocketError(error: Error & { code?: string }) {
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      const limit = formatMessageSize(maxMessageBytes);
      log(
        `The page sent a message over the ${limit} browser-mode limit; its connection was closed. Projects this ` +
          `large need the desktop app or the CLI.`,
      );
    } else {
      log(`A browser-mode connection was closed after a protocol error: ${error.message}.`);
    }
  }

  const unsubscribe = options.events.subscribe((channel, payload) => {
    const frame = encodeMessage({ type: 'event', channel, payload });
    for (const ws of sockets.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (channel === 'training:featureMaps' && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(frame);
    }
  });

  const requested = options.port ?? DEFAULT_PORT;
  let port: number;
  try {
    port = await listen(server, requested);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.strictPort || requested === 0) throw error;
    log(`Port ${requested} is in use; using a free port instead.`);
    port = await listen(server, 0);
  }
  gate = new Gate(token, port);
  const origin = `http://127.0.0.1:${port}`;
  headers = securityHeaders({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
  router = options.createRouter(origin);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets.clients) ws.close(WS_CLOSE.serverShutdown, 'Filterbank server is shutting down.');
      for (const ws of refusedSockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => refusedSockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
