import type { EngineConfig, TrainingEngine } from '../train/engine';
import { createReferenceEngine } from '../train/reference-engine';
import type { BACKEND_CHOICES } from '../model/settings';

export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface EngineSelection {
  engine: TrainingEngine;
  /** Why each faster backend was not used (or failed), in order of preference. */
  notes: string[];
}

/**
 * Creates the training engine for a backend choice. 'auto' takes the fastest that works; a forced backend that
 * cannot run is an error that says why. The reference engine always works.
 */
export async function createEngine(choice: BackendChoice, config: EngineConfig): Promise<EngineSelection> {
  if (choice === 'auto' || choice === 'reference') {
    const notes = choice === 'auto' ? ['webgpu, headlessgl, webasm, cpu: the gpu.js engines are not part of this build yet; training runs on the reference engine'] : [];
    return { engine: createReferenceEngine(config), notes };
  }
  throw new Error(`backend '${choice}' is not available in this build: use --backend auto or reference`);
}
