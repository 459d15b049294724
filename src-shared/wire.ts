// Browser-mode WebSocket framing, shared by the server and the renderer. Pure module (no Node, no DOM).
// Messages without typed arrays travel as JSON text frames. Messages with typed arrays (feature maps)
// travel as one binary frame: the JSON with placeholders, then the raw array bytes, so a 64×64×32
// activation costs 128 KiB on the wire instead of ~600 KiB of JSON numbers.
import type { Envelope, IpcErrorShape } from './envelope';

export type ClientMessage =
  | { type: 'invoke'; id: number; channel: string; payload?: unknown }
  | { type: 'send'; channel: string; payload?: unknown };

export type ServerMessage =
  /** First message on an accepted connection: only now is the socket usable (a refused one is closed instead). */
  | { type: 'ready' }
  | ({ type: 'result'; id: number } & Envelope<unknown>)
  | { type: 'event'; channel: string; payload: unknown }
  /** A message that could not be answered (no id to answer to). */
  | { type: 'error'; error: IpcErrorShape };

/**
 * The largest message the page may send the browser-mode server (a WebSocket frame's maxPayload). The largest
 * messages carry the whole project, whose weights are float32 in base64 (4 × 4/3 ≈ 5.33 bytes a parameter):
 * project:save, project:autosave, training:start, export:run, model:evaluate and model:predict, which also
 * carries an image of up to 50 MiB as raw bytes. Allowing 2 MiB for graph, layout and history,
 * 128 MiB holds a project of (128 − 2) MiB × 3/4 / 4 ≈ 24.7 million parameters, or 14.9 million with the
 * largest image: far beyond the CNNs Filterbank trains, yet a quarter of the 512 MiB that let one frame grow
 * the server by 1.2 GiB. Larger projects need the desktop app or the CLI, which pass no frames.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 128 * 1024 ** 2;
/** RFC 6455's close code for a message over the receiver's limit. */
export const CLOSE_MESSAGE_TOO_BIG = 1009;

export const formatMessageSize = (bytes: number) =>
  bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

type TypedArray =
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

const TYPED_ARRAYS = {
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

const MAGIC = 0x3130_4246; // "FB01" little-endian
const PLACEHOLDER = '__filterbankBlob';
const ALIGN = 8;

interface BlobRef {
  type: TypedArrayName;
  byteOffset: number;
  length: number;
}

/** The typed-array type of a value; subclasses (Node's Buffer) count as their base type. */
function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  if (name in TYPED_ARRAYS) return name as TypedArrayName;
  for (const [base, Ctor] of Object.entries(TYPED_ARRAYS)) if (value instanceof Ctor) return base as TypedArrayName;
  return null;
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Encodes a message as a JSON string, or as bytes when it holds typed arrays. */
export function encodeMessage(message: unknown): string | Uint8Array {
  const blobs: TypedArray[] = [];
  const json = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    // The holder's own value: JSON.stringify has already replaced a Buffer with its toJSON() form.
    const original = this[key];
    if (typedArrayName(original) === null) return value;
    blobs.push(original as TypedArray);
    return { [PLACEHOLDER]: blobs.length - 1 };
  });
  if (blobs.length === 0) return json;

  const refs: BlobRef[] = [];
  let offset = 0;
  for (const blob of blobs) {
    refs.push({ type: typedArrayName(blob)!, byteOffset: offset, length: blob.length });
    offset = align(offset + blob.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify({ message: JSON.parse(json) as unknown, blobs: refs }));
  const dataStart = align(8 + header.byteLength);
  const bytes = new Uint8Array(dataStart + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.byteLength, true);
  bytes.set(header, 8);
  blobs.forEach((blob, i) =>
    bytes.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), dataStart + refs[i]!.byteOffset),
  );
  return bytes;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function parseHeader(bytes: Uint8Array): { message: unknown; blobs: BlobRef[] } {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('binary frame header is not valid JSON');
  }
  if (
    !header ||
    typeof header !== 'object' ||
    !('message' in header) ||
    !('blobs' in header) ||
    !Array.isArray(header.blobs)
  ) {
    throw new Error('binary frame header is not {message, blobs}');
  }
  return header as { message: unknown; blobs: BlobRef[] };
}

/** Decodes a frame; throws a plain Error with a reason when the frame is malformed. */
export function decodeMessage(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return JSON.parse(frame);
  // Copy into a buffer of its own: the source may be a view into a shared pool (Node's Buffer#slice is not a
  // copy), at an offset the typed arrays below could not be aligned to.
  const bytes = new Uint8Array(frame.byteLength);
  bytes.set(frame instanceof Uint8Array ? frame : new Uint8Array(frame));
  if (bytes.byteLength < 8) throw new Error('binary frame shorter than its 8-byte header');
  const view = new DataView(bytes.buffer);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('binary frame without the FB01 marker');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.byteLength) throw new Error('binary frame header runs past the end of the frame');
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const dataStart = align(8 + headerLength);
  const arrays = header.blobs.map((ref) => {
    const type = ref && typeof ref === 'object' ? ref.type : undefined;
    if (typeof type !== 'string' || !Object.hasOwn(TYPED_ARRAYS, type))
      throw new Error(`binary frame names an unknown array type ${String(type)}`);
    const Ctor = TYPED_ARRAYS[type];
    const start = dataStart + ref.byteOffset;
    const fits =
      isCount(ref.byteOffset) && isCount(ref.length) && start + ref.length * Ctor.BYTES_PER_ELEMENT <= bytes.byteLength;
    if (!fits || start % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new Error('binary frame array lies outside the frame');
    }
    return new Ctor(bytes.buffer, start, ref.length);
  });
  return JSON.parse(JSON.stringify(header.message), (_key, value: unknown) => {
    if (value && typeof value === 'object' && PLACEHOLDER in value) {
      const index = (value as Record<string, unknown>)[PLACEHOLDER];
      if (typeof index !== 'number' || !arrays[index]) throw new Error('binary frame refers to a missing array');
      return arrays[index];
    }
    return value;
  });
}
