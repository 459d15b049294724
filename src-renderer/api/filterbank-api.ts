// The renderer's one door to the main-process services. Two transports implement it: the Electron preload
// bridge and the browser-mode WebSocket; UI code sees no difference.
import type {
  ArgsTuple,
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  SendArgs,
  SendChannel,
  IpcErrorCode,
  IpcErrorShape,
  IpcIssue,
} from '../../src-shared';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why the connection is not open (close reason, refusal), when known. */
  reason: string | null;
  /** Reconnect attempts since the connection was last open. */
  attempt: number;
}

export type Unsubscribe = () => void;

export interface FilterbankApi {
  readonly transport: 'electron' | 'websocket';
  /** Calls a service; rejects with a FilterbankError. */
  invoke<C extends InvokeChannel>(channel: C, ...args: ArgsTuple<InvokeArgs<C>>): Promise<InvokeResult<C>>;
  /** Fire-and-forget; a rejection is reported to onError listeners. */
  send<C extends SendChannel>(channel: C, ...args: ArgsTuple<SendArgs<C>>): void;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): Unsubscribe;
  connection(): ConnectionStatus;
  onConnection(listener: (status: ConnectionStatus) => void): Unsubscribe;
  /** Errors that belong to no invoke (a rejected send, a message the server could not read). */
  onError(listener: (error: FilterbankError) => void): Unsubscribe;
  close(): void;
}

/** A typed error from the services or the transport: `code` says what kind, `hint` how to fix it. */
export class FilterbankError extends Error {
  readonly code: IpcErrorCode;
  readonly hint: string | null;
  readonly issues: IpcIssue[];
  readonly channel: string | null;

  constructor(shape: IpcErrorShape, channel: string | null = null) {
    super(shape.message);
    this.name = 'FilterbankError';
    this.code = shape.code;
    this.hint = shape.hint;
    this.issues = shape.issues ?? [];
    this.channel = channel;
  }
}

/** An error as one sentence for the user: a service error's message with its hint (what to do about it). */
export const errorSentence = (error: unknown): string =>
  error instanceof FilterbankError && error.hint
    ? `${error.message} ${error.hint}`
    : error instanceof Error
      ? error.message
      : String(error);

/** A small listener set, shared by both transports. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (error) {
        console.error('A Filterbank API listener failed:', error);
      }
    }
  }

  get size(): number {
    return this.set.size;
  }
}
