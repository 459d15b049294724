// The transport-agnostic handler table: handle(channel, rawPayload, sender) → envelope.
// Electron's ipcMain wrapper and the browser-mode WebSocket server both call this and nothing else, so
// sender checks and schema validation happen in exactly one place.
import type { z } from 'zod';
import {
  invokeContract,
  sendContract,
  type InvokeChannel,
  type InvokeParsedArgs,
  type InvokeResult,
  type SendChannel,
  type SendParsedArgs,
} from '../../src-shared';
import { IpcError, zodIssues, type Envelope, type IpcErrorShape } from '../../src-shared';

/** Who sent a message: the frame URL (Electron) or the page origin of an authenticated socket (browser mode). */
export interface Sender {
  url: string;
}

export type InvokeHandlers = {
  [C in InvokeChannel]: (args: InvokeParsedArgs<C>, sender: Sender) => Promise<InvokeResult<C>> | InvokeResult<C>;
};
export type SendHandlers = {
  [C in SendChannel]: (args: SendParsedArgs<C>, sender: Sender) => void;
};

export interface IpcRouter {
  handle(channel: string, raw: unknown, sender: Sender): Promise<Envelope<unknown>>;
  /** Returns the error for a rejected fire-and-forget message (it has nobody to answer to), or null. */
  handleSend(channel: string, raw: unknown, sender: Sender): IpcErrorShape | null;
}

export interface RouterOptions {
  invoke: InvokeHandlers;
  send: SendHandlers;
  isTrustedSender: (url: string) => boolean;
  /** Where rejected messages and handler bugs are reported. */
  log?: (message: string) => void;
}

function has<K extends string>(table: Record<K, unknown>, key: string): key is K {
  return Object.prototype.hasOwnProperty.call(table, key);
}

export function createIpcRouter(options: RouterOptions): IpcRouter {
  const log = options.log ?? ((message: string) => console.warn(message));

  const checkSender = (channel: string, sender: Sender): IpcError | null => {
    if (options.isTrustedSender(sender.url)) return null;
    log(`[ipc] rejected ${channel} from untrusted sender ${JSON.stringify(sender.url)}`);
    return new IpcError(
      'untrusted-sender',
      `Message on ${channel} came from ${sender.url || 'an unknown frame'}, which is not Filterbank's own page.`,
      'Only the Filterbank window may call the app; reload the app window.',
    );
  };

  const invalidPayload = (channel: string, error: z.ZodError) =>
    new IpcError(
      'invalid-payload',
      `The payload of ${channel} does not match its schema.`,
      'Fix the fields listed in issues.',
      zodIssues(error),
    );

  return {
    async handle(channel, raw, sender) {
      try {
        if (!has(invokeContract, channel)) {
          throw new IpcError(
            'unknown-channel',
            `There is no channel named ${JSON.stringify(channel)}.`,
            'Use one of the channels in src-shared/contract.ts.',
          );
        }
        const senderError = checkSender(channel, sender);
        if (senderError) throw senderError;
        const spec = invokeContract[channel];
        const parsed = spec.args.safeParse(raw);
        if (!parsed.success) throw invalidPayload(channel, parsed.error);
        const handler = options.invoke[channel] as (args: unknown, sender: Sender) => unknown;
        const value = await handler(parsed.data, sender);
        const checked = spec.result.safeParse(value);
        if (!checked.success) {
          log(`[ipc] ${channel} produced a result outside its contract: ${JSON.stringify(zodIssues(checked.error))}`);
          throw new IpcError(
            'internal',
            `Filterbank produced an invalid answer to ${channel}.`,
            'This is a bug in Filterbank; the log has the details.',
          );
        }
        return { ok: true, value: checked.data };
      } catch (error) {
        return { ok: false, error: toErrorShape(channel, error, log) };
      }
    },

    handleSend(channel, raw, sender) {
      try {
        if (!has(sendContract, channel)) {
          throw new IpcError(
            'unknown-channel',
            `There is no send channel named ${JSON.stringify(channel)}.`,
            'Use one of the channels in src-shared/contract.ts.',
          );
        }
        const senderError = checkSender(channel, sender);
        if (senderError) throw senderError;
        const parsed = sendContract[channel].args.safeParse(raw);
        if (!parsed.success) throw invalidPayload(channel, parsed.error);
        (options.send[channel] as (args: unknown, sender: Sender) => void)(parsed.data, sender);
        return null;
      } catch (error) {
        const shape = toErrorShape(channel, error, log);
        log(`[ipc] ${channel} (send) rejected: ${shape.message}`);
        return shape;
      }
    },
  };
}

function toErrorShape(channel: string, error: unknown, log: (message: string) => void): IpcErrorShape {
  if (error instanceof IpcError) return error.toShape();
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`[ipc] ${channel} failed unexpectedly: ${detail}`);
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `Unexpected failure in ${channel}: ${message}`,
    hint: 'This is a bug in Filterbank; the log has the details.',
  };
}
