// The job a training worker receives: the renderer's TrainingJob with its dataset folders resolved by the main
// process (a null dataset path becomes the sample digits' folder, written there on first use).
import { z } from 'zod';
import { compileModel } from '../../src-engine';
import { preprocessingFor } from '../../src-engine/node';
import { TrainingJob } from '../../src-shared';
import type { DatasetFolders } from '../services/dataset-folders';
import { engineCall } from '../services/engine-errors';

export const WorkerTrainingJob = z.object({
  job: TrainingJob,
  dataDir: z.string().min(1),
  validationDir: z.string().min(1).nullable(),
});
export type WorkerTrainingJob = z.output<typeof WorkerTrainingJob>;

/** Checks what can be checked without the dataset (the model builds, its input is an image) and resolves folders. */
export async function prepareTrainingJob(job: TrainingJob, folders: DatasetFolders): Promise<WorkerTrainingJob> {
  await engineCall(async () => {
    preprocessingFor(compileModel(job.project.graph), job.dataset);
  });
  const { dir, validationDir } = await folders.resolve(job.dataset);
  return { job, dataDir: dir, validationDir };
}
