// Worker-thread entry built to out/main/training-worker.js.
import { serveTrainingWorker } from './worker-host';
import { runTrainingJob } from './run-training-job';
import { WorkerTrainingJob } from './training-job';

serveTrainingWorker(WorkerTrainingJob, runTrainingJob);
