// One authenticated browser-mode WebSocket: parses each frame, routes it through the handler table and
// answers with the request id, so the renderer sees the same typed envelopes as under Electron.
import type { WebSocket, RawData } from 'ws';
import { z } from 'zod';
import { decodeMessage, encodeMessage, type IpcErrorShape, type ServerMessage, zodIssues } from '../../src-shared';
import type { IpcRouter, Sender } from '../ipc/router';

const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    channel: z.string(),
    payload: z.unknown().optional(),
  }),
  z.strictObject({ type: z.literal('send'), channel: z.string(), payload: z.unknown().optional() }),
]);

const MALFORMED_HINT = 'Send {"type":"invoke","id":<number>,"channel":"domain:verb","payload":…} or {"type":"send",…}.';

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

export function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
}

export function serveSocket(ws: WebSocket, router: IpcRouter, sender: Sender): void {
  const reject = (error: IpcErrorShape, id: unknown) => {
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) send(ws, { type: 'result', id, ok: false, error });
    else send(ws, { type: 'error', error });
  };

  send(ws, { type: 'ready' });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    let raw: unknown;
    try {
      raw = decodeMessage(isBinary ? toBytes(data) : toBytes(data).toString());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reject(
        { code: 'malformed-message', message: `The message could not be decoded: ${reason}.`, hint: MALFORMED_HINT },
        null,
      );
      return;
    }
    const parsed = ClientMessage.safeParse(raw);
    if (!parsed.success) {
      const id = raw && typeof raw === 'object' && 'id' in raw ? raw.id : null;
      reject(
        {
          code: 'malformed-message',
          message: 'The message is not an invoke or send request.',
          hint: MALFORMED_HINT,
          issues: zodIssues(parsed.error),
        },
        id,
      );
      return;
    }
    const message = parsed.data;
    if (message.type === 'invoke') {
      void router
        .handle(message.channel, message.payload, sender)
        .then((envelope) => send(ws, { type: 'result', id: message.id, ...envelope }));
    } else {
      const error = router.handleSend(message.channel, message.payload, sender);
      if (error) reject(error, null);
    }
  });
}
