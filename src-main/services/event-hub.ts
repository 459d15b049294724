// Fan-out of main → renderer events to whatever hosts the services (Electron windows, WebSocket clients).
import type { EventChannel, EventPayload } from '../../src-shared';

export type EventListener = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch (error) {
        console.warn(`[events] a listener failed on ${channel}:`, error);
      }
    }
  }
}
