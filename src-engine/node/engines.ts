import { createEngine as createBackendEngine } from '../backends/create-engine';
import { describeBackends, type BackendReport } from '../backends/backends';
import type { BACKEND_CHOICES } from '../model/settings';
import type { EngineConfig, TrainingEngine } from '../train/engine';
import { createReferenceEngine } from '../train/reference-engine';

export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface EngineSelection {
  engine: TrainingEngine;
  /** Why each faster backend was not used, and any switch of backend while creating the engine. */
  notes: string[];
}

/** Why the backends faster than the selected one are not running, one line each. */
export function passedOver(reports: readonly BackendReport[]): string[] {
  const notes: string[] = [];
  for (const r of reports) {
    if (r.selected) break;
    const why = r.reason ?? r.autoSkipped;
    if (why) notes.push(`${r.name}: ${why}`);
  }
  return notes;
}

/**
 * Creates the training engine for a backend choice: 'auto' takes the fastest that works (webgpu, headlessgl,
 * webasm, cpu), a forced backend that cannot run is an error that says why, and 'reference' is the plain
 * TypeScript engine (the same as 'cpu'). A backend that fails mid-run hands over to the next one and says so
 * through `onMessage`.
 */
export async function createEngine(choice: BackendChoice, config: EngineConfig, onMessage?: (text: string) => void): Promise<EngineSelection> {
  if (choice === 'reference') return { engine: createReferenceEngine(config), notes: [] };
  // Messages while the engine is created become notes; later ones (a fallback mid-run) go to onMessage.
  const messages: string[] = [];
  let created = false;
  const { engine, reports } = await createBackendEngine(config, {
    backend: choice,
    onMessage: (text) => (created ? onMessage?.(text) : messages.push(text)),
  });
  created = true;
  return { engine, notes: [...passedOver(reports), ...messages] };
}

export { describeBackends };
