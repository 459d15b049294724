// The browser-mode server against clients that do not follow the protocol: raw TCP sockets that send
// malformed WebSocket frames, with or without the token. The server must stay up and keep serving; the
// frames that used to kill it go to a server in a process of its own, so a crash shows as a dead process.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { decodeMessage } from '../../src-shared';
import { startBrowserMode, type BrowserMode } from './browser-host';

interface Target {
  port: number;
  token: string;
}

let dir: string;
let mode: BrowserMode;
let local: Target;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'filterbank-hostile-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  mode = await startBrowserMode({
    rendererDir: join(dir, 'renderer'),
    port: 0,
    dataDir: join(dir, 'data'),
    log: (m) => logs.push(m),
  });
  local = { port: mode.server.port, token: mode.server.token };
});
afterAll(async () => {
  await mode.close();
  await rm(dir, { recursive: true, force: true });
});

async function startChildServer(): Promise<{ child: ChildProcess; target: Target }> {
  const script = new URL('./testing/serve-for-tests.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !out.includes('\n') && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!out.includes('\n')) throw new Error(`the test server did not start (exit code ${child.exitCode})`);
  return { child, target: JSON.parse(out) as Target };
}

/** One client-to-server WebSocket frame; `claimedLength` puts a length in the header that the payload does not have. */
function frame(opcode: number, payload: Buffer, options: { claimedLength?: bigint; masked?: boolean } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = options.claimedLength ?? BigInt(payload.length);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([0x80 | opcode, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.from([0x80 | opcode, 126, 0, 0]);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  header[1]! |= 0x80;
  const mask = randomBytes(4);
  return Buffer.concat([header, mask, payload.map((b, i) => b ^ mask[i % 4]!)]);
}

const INVALID_UTF8 = frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
const CLAIMS_4_GIB = frame(0x2, Buffer.alloc(0), { claimedLength: 4n * 1024n ** 3n });

interface RawClient {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): Buffer;
  /** Resolves true once the server has closed the TCP connection, false after `ms` without that. */
  closedWithin(ms: number): Promise<boolean>;
}

async function rawClient(target: Target, query: string, afterRequest: Buffer = Buffer.alloc(0)): Promise<RawClient> {
  const socket = connect(target.port, '127.0.0.1');
  let received = Buffer.alloc(0);
  socket.on('data', (data: Buffer) => (received = Buffer.concat([received, data])));
  socket.on('error', () => undefined); // the server may reset us; that is the point
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await once(socket, 'connect');
  const key = randomBytes(16).toString('base64');
  const headers =
    `Host: 127.0.0.1:${target.port}\r\nUpgrade: websocket\r\nConnection: ` +
    `Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13`;
  const request = `GET /ws${query} HTTP/1.1\r\n${headers}\r\n\r\n`;
  socket.write(Buffer.concat([Buffer.from(request), afterRequest]));
  return {
    socket,
    received: () => received,
    closedWithin: (ms) =>
      Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]),
  };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const handshakeDone = (client: RawClient) => until(() => client.received().includes('\r\n\r\n'), 'the handshake reply');

/** An authenticated client still gets answers: the server survived. */
async function serverAnswers(target: Target): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}/ws?token=${target.token}`);
  const messages: unknown[] = [];
  ws.on('message', (data: Buffer, isBinary) => messages.push(decodeMessage(isBinary ? data : data.toString())));
  await once(ws, 'open');
  await until(() => messages.length >= 1, 'the ready message');
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info' }));
  await until(() => messages.length >= 2, 'the app:info answer');
  expect(messages[1]).toMatchObject({ type: 'result', id: 1, ok: true, value: { host: 'browser' } });
  ws.close();
}

describe('browser-mode server against malformed frames', () => {
  let server: { child: ChildProcess; target: Target } | null = null;
  // A fresh server when the last attack killed it, so each test shows its own attack's effect.
  beforeEach(async () => {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null)
      server = await startChildServer();
  });
  afterAll(() => void server?.child.kill('SIGTERM'));

  const attacks: [string, Buffer][] = [
    ['invalid UTF-8 in a text frame', INVALID_UTF8],
    ['a frame header that claims 4 GiB', CLAIMS_4_GIB],
    ['an unmasked frame', frame(0x1, Buffer.from('{}'), { masked: false })],
    ['a reserved opcode', frame(0x3, Buffer.from('x'))],
  ];
  for (const [name, bytes] of attacks) {
    for (const withToken of [false, true]) {
      it(
        `survives ${name} from a client ${withToken ? 'with' : 'without'} ` +
          `the token, sent with the handshake or after it`,
        async () => {
          const { child, target } = server!;
          const q = withToken ? `?token=${target.token}` : '';
          const early = await rawClient(target, q, bytes);
          const late = await rawClient(target, q);
          await handshakeDone(late);
          late.socket.write(bytes);
          expect(await early.closedWithin(3000)).toBe(true);
          expect(await late.closedWithin(3000)).toBe(true);
          expect(child.exitCode, 'the server process died').toBeNull();
          await serverAnswers(target);
        },
      );
    }
  }

  it('answers garbage HTTP and reset upgrade sockets without falling over', async () => {
    const { child, target } = server!;
    const garbage = connect(target.port, '127.0.0.1');
    garbage.on('error', () => undefined);
    let reply = '';
    garbage.on('data', (d: Buffer) => (reply += d.toString()));
    await once(garbage, 'connect');
    garbage.write('NOT HTTP AT ALL\r\n\r\n');
    await once(garbage, 'close');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);

    for (let i = 0; i < 20; i++) {
      const reset = connect(target.port, '127.0.0.1');
      reset.on('error', () => undefined);
      await once(reset, 'connect');
      const path = i % 2 ? '/ws' : '/elsewhere';
      reset.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
      );
      reset.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(child.exitCode, 'the server process died').toBeNull();
    await serverAnswers(target);
  });
});

describe('browser-mode server limits for clients without the token', () => {
  // The server closes after the header alone: it cannot have buffered a payload it was never sent.
  it(
    'refuses a 4 GiB frame header from its length alone, ' + 'with or without the token, and says why in the log',
    async () => {
      for (const query of ['', `?token=${local.token}`]) {
        const client = await rawClient(local, query);
        await handshakeDone(client);
        client.socket.write(CLAIMS_4_GIB);
        expect(await client.closedWithin(3000), query).toBe(true);
      }
      expect(logs.join('\n')).toMatch(
        /The page sent a message over the 128\.0 MiB browser-mode limit; .*desktop app or the CLI/,
      );
      await serverAnswers(local);
    },
  );

  it('lets a client without the token send at most a small frame, and drops it soon after refusing it', async () => {
    const client = await rawClient(local, '');
    await handshakeDone(client);
    expect(client.received().toString('latin1')).toContain('Unauthorized');
    // 8 MiB is far below what an authenticated page may send, yet a refused client gets nothing buffered.
    client.socket.write(frame(0x2, Buffer.alloc(0), { claimedLength: 8n << 20n }));
    expect(await client.closedWithin(2500)).toBe(true);
  });

  it('terminates a refused connection whose client never answers the close handshake', async () => {
    const client = await rawClient(local, '?token=wrong');
    await handshakeDone(client);
    expect(client.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    expect(await client.closedWithin(2500)).toBe(true);
  });
});
