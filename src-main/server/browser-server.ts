// Browser mode: serves the built renderer and the typed API (over a WebSocket) on 127.0.0.1 only, behind a
// per-start secret token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_CLOSE } from '../ipc/envelope';
import type { IpcRouter } from '../ipc/router';
import { encodeMessage } from '../ipc/wire';
import { securityHeaders } from '../security/csp';
import type { EventHub } from '../services/event-hub';
import { Gate, newToken } from './auth';
import { resolveStaticFile, sendStaticFile } from './static-files';
import { serveSocket } from './socket-session';

export const DEFAULT_PORT = 5170;
export const SOCKET_PATH = '/ws';
/** Projects with weights can be large; the limit only guards against runaway clients. */
const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
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

const UNAUTHORIZED = 'Unauthorized: missing or wrong token. Open the URL printed by `npm run serve` (it ends in ?token=…).';
const UNAUTHORIZED_SOCKET = 'Unauthorized: missing or wrong token. Open the URL printed by npm run serve.';

/** WebSocket close reasons are limited to 123 bytes. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= 123 ? text : `${bytes.subarray(0, 119).toString().replace(/\uFFFD$/, '')}...`;
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

  const server = createServer((request, response) => void handleHttp(request, response));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { ...headers, ...extra, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${text}\n`);
    };
    if (!gate) return plain(503, 'Starting.');
    if (!gate.hostAllowed(request)) return plain(403, 'Forbidden: unexpected Host header. Use the 127.0.0.1 URL printed by `npm run serve`.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${gate.port}`);
    const how = gate.authenticate(request, url);
    if (!how) return plain(401, UNAUTHORIZED);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, `Method ${request.method} is not allowed: only GET and HEAD.`, { Allow: 'GET, HEAD' });
    const file = await resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) return plain(404, `Not found: ${url.pathname}`);
    // The page's own script and style requests carry no token; the cookie set here covers them.
    if (how === 'query') response.setHeader('Set-Cookie', gate.cookie());
    sendStaticFile(response, file, headers, request.method === 'HEAD');
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!gate || url.pathname !== SOCKET_PATH || !gate.hostAllowed(request)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, url));
  });

  // Refusals complete the handshake and then close with a code and reason, because a browser WebSocket
  // cannot see the status of a refused handshake, only a close reason.
  function onConnection(ws: WebSocket, request: IncomingMessage, url: URL) {
    if (!gate || !router) return ws.close(WS_CLOSE.serverShutdown, 'Server is starting.');
    if (!gate.originAllowed(request)) return ws.close(WS_CLOSE.forbiddenOrigin, closeReason(`Forbidden origin ${request.headers.origin}: only Filterbank's own page may connect.`));
    if (!gate.authenticate(request, url)) return ws.close(WS_CLOSE.unauthorized, UNAUTHORIZED_SOCKET);
    serveSocket(ws, router, { url: `${gate.origins[0]}/` });
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
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
