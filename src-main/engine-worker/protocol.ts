// Messages between the main process and the engine worker thread.
import { z } from 'zod';
import { ENGINE_CHANNELS } from './engine-tasks';

export const EngineRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), channel: z.enum(ENGINE_CHANNELS), args: z.unknown() }),
  z.object({ type: z.literal('dispose'), id: z.number().int() }),
]);
export type EngineRequest = z.output<typeof EngineRequest>;

export const EngineReply = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({
      /** An IpcError's code; 'internal' for a bug, which the router reports as such. */
      code: z.string(),
      message: z.string(),
      hint: z.string().nullable(),
      stack: z.string().optional(),
    }),
  }),
]);
export type EngineReply = z.output<typeof EngineReply>;
