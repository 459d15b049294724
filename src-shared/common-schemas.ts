// Schemas shared by the contract and the ML payload schemas (a separate module so neither imports the other).
import { z } from 'zod';
import { MAX_IMAGE_FILE_BYTES } from '../src-engine';

/** Absolute path on the machine running the services (POSIX `/…`, Windows `C:\…` or UNC `\\…`). */
export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain NUL characters')
  .refine(
    (p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p),
    'must be an absolute path (starting with / or a drive like C:\\)',
  );

export const RunId = z.string().regex(/^run-[a-z0-9-]{1,64}$/, 'must be a run id returned by training:start');

/** Largest image file the services read or accept as dropped bytes: the engine's limit for any image file. */
export const MAX_IMAGE_BYTES = MAX_IMAGE_FILE_BYTES;

/** Bytes from the renderer (a dropped file); any Uint8Array, whatever buffer it views. */
export const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes (a Uint8Array)');
