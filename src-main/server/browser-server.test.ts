import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest, createServer } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { decodeMessage } from '../../src-shared';
import { startBrowserMode, type BrowserMode } from './browser-host';

let dir: string;
let mode: BrowserMode;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-server-'));
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Filterbank</title>');
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer folder');
  mode = await startBrowserMode({
    rendererDir: join(dir, 'renderer'),
    port: 0,
    dataDir: join(dir, 'data'),
    root: dir,
    log: () => undefined,
  });
});
afterAll(async () => {
  await mode.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: mode.server.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${mode.server.port}/ws${query}`, { headers });
  const messages: unknown[] = [];
  ws.on('message', (data: Buffer, isBinary) =>
    messages.push(decodeMessage(isBinary ? new Uint8Array(data) : data.toString())),
  );
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  const next = async (count = 1) => {
    for (let i = 0; i < 500 && messages.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return messages[count - 1];
  };
  return { ws, messages, opened, closed, next };
}

describe('browser-mode server over HTTP', () => {
  it('prints a URL on 127.0.0.1 that carries a long random token', () => {
    expect(mode.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses requests without the token, or with a wrong one (401)', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', `/?token=${mode.server.token.slice(1)}`, '/?token=']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(401);
      expect(reply.body).toMatch(/Unauthorized: missing or wrong token/);
    }
    expect((await get('/', { Cookie: 'filterbank-token-1=nope' })).status).toBe(401);
  });

  it('serves the page with the token, with the CSP header and a cookie for its assets', async () => {
    const page = await get(`/?token=${mode.server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Filterbank</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${mode.server.port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = (page.headers['set-cookie'] as string[])[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const asset = await get('/assets/app.js', { Cookie: cookie.split(';')[0]! });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.js', { Authorization: `Bearer ${mode.server.token}` })).status).toBe(200);
  });

  it('never serves files outside the renderer folder, other methods or foreign Host headers', async () => {
    const auth = { Authorization: `Bearer ${mode.server.token}` };
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
      '/missing.js',
    ]) {
      const reply = await get(path, auth);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('outside the renderer folder');
    }
    expect((await get('/', auth, 'POST')).status).toBe(405);
    expect((await get(`/?token=${mode.server.token}`, { Host: `evil.example:${mode.server.port}` })).status).toBe(403);
  });
});

describe('browser-mode server over WebSocket', () => {
  it('closes connections without the token with code 4401 and a reason', async () => {
    for (const query of ['', '?token=wrong']) {
      const client = connect(query);
      const { code, reason } = await client.closed;
      expect(code).toBe(4401);
      expect(reason).toMatch(/Unauthorized: missing or wrong token/);
      expect(client.messages).toEqual([]);
    }
  });

  it('closes connections from a foreign page origin even with the token', async () => {
    const client = connect(`?token=${mode.server.token}`, { Origin: 'https://evil.example' });
    expect((await client.closed).code).toBe(4403);
  });

  it('accepts the token and answers invokes with the typed envelope', async () => {
    const client = connect(`?token=${mode.server.token}`, { Origin: mode.server.origin });
    await client.opened;
    expect(await client.next(1)).toEqual({ type: 'ready' });
    client.ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
    expect(await client.next(2)).toMatchObject({
      type: 'result',
      id: 1,
      ok: true,
      value: { host: 'browser', capabilities: { nativeDialogs: false } },
    });
    client.ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'files:list', payload: { path: 42 } }));
    expect(await client.next(3)).toMatchObject({
      type: 'result',
      id: 2,
      ok: false,
      error: { code: 'invalid-payload', issues: [{ path: 'path' }] },
    });
    client.ws.send('{"type": "invoke", ');
    expect(await client.next(4)).toMatchObject({ type: 'error', error: { code: 'malformed-message' } });
    client.ws.send(JSON.stringify({ type: 'invoke', id: 'x', channel: 'app:info' }));
    expect(await client.next(5)).toMatchObject({ type: 'error', error: { code: 'malformed-message' } });
    client.ws.send(JSON.stringify({ type: 'invoke', id: 5, channel: 'app:info', extra: true }));
    expect(await client.next(6)).toMatchObject({
      type: 'result',
      id: 5,
      ok: false,
      error: { code: 'malformed-message' },
    });
    client.ws.send(JSON.stringify({ type: 'send', channel: 'app:log', payload: { level: 'loud' } }));
    expect(await client.next(7)).toMatchObject({ type: 'error', error: { code: 'invalid-payload' } });
    client.ws.close();
  });

  it('accepts the token from the cookie the page received', async () => {
    const page = await get(`/?token=${mode.server.token}`);
    const cookie = (page.headers['set-cookie'] as string[])[0]!.split(';')[0]!;
    const client = connect('', { Cookie: cookie });
    await client.opened;
    client.ws.send(JSON.stringify({ type: 'invoke', id: 9, channel: 'training:list' }));
    expect(await client.next(2)).toEqual({ type: 'result', id: 9, ok: true, value: { runs: [] } });
    client.ws.close();
  });

  it('pushes events to connected clients, typed arrays as binary frames', async () => {
    const client = connect(`?token=${mode.server.token}`);
    await client.opened;
    const values = new Uint8Array([1, 2, 3, 250]);
    expect(await client.next(1)).toEqual({ type: 'ready' });
    mode.services.events.emit('training:featureMaps', {
      runId: 'run-x',
      epoch: 0,
      batch: 3,
      maps: [{ layer: 'conv', kind: 'activation', shape: [1, 2, 2, 1], min: 0, max: 1, values }],
    });
    const event = (await client.next(2)) as { type: string; payload: { maps: { values: Uint8Array }[] } };
    expect(event).toMatchObject({
      type: 'event',
      channel: 'training:featureMaps',
      payload: { runId: 'run-x', batch: 3 },
    });
    expect(event.payload.maps[0]!.values).toBeInstanceOf(Uint8Array);
    expect(Array.from(event.payload.maps[0]!.values)).toEqual([1, 2, 3, 250]);
    client.ws.close();
  });

  it('falls back to a free port when the default one is taken, unless the port is strict', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as AddressInfo).port;
    const logs: string[] = [];
    const other = await startBrowserMode({
      rendererDir: join(dir, 'renderer'),
      port: taken,
      dataDir: join(dir, 'data2'),
      log: (m) => logs.push(m),
    });
    expect(other.server.port).not.toBe(taken);
    expect(logs.join('\n')).toMatch(new RegExp(`Port ${taken} is in use`));
    expect(other.server.token).not.toBe(mode.server.token);
    await other.close();
    await expect(
      startBrowserMode({ rendererDir: join(dir, 'renderer'), port: taken, strictPort: true, log: () => undefined }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    blocker.close();
  });
});
