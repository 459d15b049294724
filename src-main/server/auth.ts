// Browser-mode access control: a per-start secret token (in the printed URL, then in a cookie for the page's
// own asset requests), and Host / Origin checks against DNS rebinding and cross-site sockets.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Gate {
  readonly cookieName: string;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    // Cookies are shared between ports of one host: the port in the name keeps two servers apart.
    this.cookieName = `filterbank-token-${port}`;
  }

  get origins(): string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  hostAllowed(request: IncomingMessage): boolean {
    return request.headers.host === `127.0.0.1:${this.port}` || request.headers.host === `localhost:${this.port}`;
  }

  /** A missing Origin is a non-browser client, which must still present the token. */
  originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin === undefined || this.origins.includes(origin);
  }

  /** How the request proves it knows the token, or null. */
  authenticate(request: IncomingMessage, url: URL): 'query' | 'cookie' | 'header' | null {
    const query = url.searchParams.get('token');
    if (query !== null && sameSecret(query, this.token)) return 'query';
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice('Bearer '.length), this.token)) return 'header';
    const cookie = parseCookies(request.headers.cookie)[this.cookieName];
    if (cookie !== undefined && sameSecret(cookie, this.token)) return 'cookie';
    return null;
  }

  cookie(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
