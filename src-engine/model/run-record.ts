/**
 * A training run as the project file keeps it (the run table and its overlaid curves): the per-epoch values, what it
 * was trained with, how it ended. Read from files, so every size is bounded and every field validated.
 */
import { z } from 'zod';

/** Runs kept per project: older ones are dropped first (about 100 epochs each stays well under a megabyte). */
export const MAX_RUNS = 100;
export const MAX_RUN_EPOCHS = 10_000;
/** A finished run keeps its smoothed batch curve thinned to this many points. */
export const MAX_RUN_BATCH_POINTS = 500;

const value = z.number().nullable().default(null);

export const RunEpochSchema = z.object({
  /** 1-based: the end of that epoch, as on the curves' x axis. */
  epoch: z.number().int().min(1),
  loss: value,
  accuracy: value,
  valLoss: value,
  valAccuracy: value,
  /** The learning rate during the epoch, when the run logged it (schedules). */
  lr: value,
});
export type RunEpoch = z.infer<typeof RunEpochSchema>;

export const RUN_STATES = ['running', 'completed', 'stopped', 'failed'] as const;
export type RunRecordState = (typeof RUN_STATES)[number];

const text = (max: number) => z.string().max(max).nullable().default(null);

export const RunRecordSchema = z.object({
  id: z.string().min(1).max(200),
  /** "run N"; null for a failed run, which is not counted. */
  number: z.number().int().min(1).nullable(),
  /** The user's name for it; null shows "run N". */
  name: text(200),
  state: z.enum(RUN_STATES),
  /** Milliseconds since 1970. */
  startedAt: z.number().min(0),
  durationSeconds: z.number().min(0).nullable().default(null),
  backend: text(100),
  optimizer: text(100),
  /** Null: the optimizer's default (or not known). */
  learningRate: z.number().nullable().default(null),
  /** The learning-rate schedule's kind ('cosine', 'step', …); null: constant (or not known). */
  schedule: text(100),
  batchSize: z.number().int().min(1).nullable().default(null),
  /** Epochs asked for. */
  plannedEpochs: z.number().int().min(1).nullable().default(null),
  stopReason: text(100),
  error: text(2000),
  epochs: z.array(RunEpochSchema).max(MAX_RUN_EPOCHS, `a run keeps at most ${MAX_RUN_EPOCHS} epochs`).default([]),
  /** Smoothed per-batch values on the epoch axis (epoch 0, batch 125 of 250 sits at 0.5). */
  batch: z
    .object({
      x: z.array(z.number()).max(MAX_RUN_BATCH_POINTS),
      loss: z.array(z.number().nullable()).max(MAX_RUN_BATCH_POINTS),
      accuracy: z.array(z.number().nullable()).max(MAX_RUN_BATCH_POINTS),
    })
    .nullable()
    .default(null),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const RunListSchema = z
  .array(z.unknown())
  .max(MAX_RUNS, `a project keeps at most ${MAX_RUNS} runs: delete older runs from the run table`)
  .pipe(z.array(RunRecordSchema));
