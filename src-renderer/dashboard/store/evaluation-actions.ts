// Evaluation, prediction, the pinned sample, and the pass-through reads the panels need (images, folders).
import type { ProjectFile } from '../../../src-engine';
import type { ImageInput } from '../payloads';
import type { DashboardActions } from './dashboard-state';
import { basename, errorView, requestCounter, type DashboardKit } from './kit';
import { datasetSettings, isImageInput } from './model-view';

type EvaluationActions = Pick<
  DashboardActions,
  | 'pinThumbnail'
  | 'pinImage'
  | 'unpin'
  | 'setEvaluationSubset'
  | 'evaluate'
  | 'predict'
  | 'explain'
  | 'readImage'
  | 'chooseFolder'
>;

const NOT_TRAINED = {
  message: 'The model has no trained weights yet.',
  hint: 'Train it (Training tab), or open a project that was saved after training.',
};

export interface EvaluationMachinery extends EvaluationActions {
  /** New trained weights (a run ended, an epoch was restored): the image shown in Try an image is predicted again. */
  weightsChanged(project: ProjectFile): void;
}

export function createEvaluationActions({ get, set, services }: DashboardKit): EvaluationMachinery {
  const evaluations = requestCounter();
  const predictions = requestCounter();
  /** The image last predicted and the model that predicted it, for Grad-CAM of another class. */
  let lastImage: ImageInput | null = null;
  let lastModel: ProjectFile | null = null;
  /** The model Evaluate last ran: Grad-CAM of its misclassified samples explains the same weights. */
  let lastEvaluated: ProjectFile | null = null;
  // A new training run resets the evaluation: an answer about the old weights arriving after that is dropped.
  const stillWanted = (n: number) => evaluations.isLatest(n) && get().evaluation.status === 'loading';

  /**
   * The model to run: the given project when it has weights, else the last one trained in this window, if the model
   * has not changed since (its weights would belong to another model).
   */
  const trainedModel = (project: ProjectFile | null | undefined): ProjectFile | null => {
    if (project?.weights) return project;
    const trained = get().trained?.project ?? null;
    return trained && (!project || JSON.stringify(trained.graph) === JSON.stringify(project.graph)) ? trained : null;
  };

  const actions: EvaluationActions = {
    pinThumbnail(thumbnail) {
      set({
        pinned: {
          input: { kind: 'file', path: thumbnail.file },
          label: `${thumbnail.className} · ${basename(thumbnail.file)}`,
          thumbnail,
          mime: null,
        },
      });
    },
    pinImage(name, data, mime) {
      set({ pinned: { input: { kind: 'bytes', name, data }, label: name, thumbnail: null, mime } });
    },
    unpin: () => set({ pinned: null }),

    setEvaluationSubset(subset) {
      set({ evaluation: { ...get().evaluation, subset } });
    },

    async evaluate(project) {
      const n = evaluations.next();
      const model = trainedModel(project);
      const s = get();
      if (!model) {
        set({ evaluation: { ...s.evaluation, status: 'error', value: null, error: NOT_TRAINED } });
        return;
      }
      // The Data tab's dataset as it is now (the last run may have used another folder).
      const dataset = isImageInput(s.model.input) ? datasetSettings(s.dataset, s.model.input) : null;
      if (!dataset) {
        set({
          evaluation: {
            ...s.evaluation,
            status: 'error',
            value: null,
            error: {
              message: 'problem' in s.model.input ? s.model.input.problem : 'The model input is not an image.',
              hint: null,
            },
          },
        });
        return;
      }
      set({ evaluation: { ...s.evaluation, status: 'loading', error: null } });
      lastEvaluated = model;
      try {
        const value = await services.evaluate({ project: model, dataset, subset: s.evaluation.subset });
        if (stillWanted(n)) set({ evaluation: { ...get().evaluation, status: 'ready', value, error: null } });
      } catch (error) {
        if (stillWanted(n))
          set({ evaluation: { ...get().evaluation, status: 'error', value: null, error: errorView(error) } });
      }
    },

    async predict(image, project) {
      const n = predictions.next();
      const name = image.kind === 'file' ? basename(image.path) : image.name;
      const model = trainedModel(project);
      if (!model) {
        set({ prediction: { status: 'error', value: null, error: NOT_TRAINED, name } });
        return;
      }
      set({ prediction: { ...get().prediction, status: 'loading', error: null, name } });
      lastImage = image;
      lastModel = model;
      try {
        const value = await services.predict({ project: model, image, gradCam: {} });
        if (predictions.isLatest(n)) set({ prediction: { status: 'ready', value, error: null, name } });
      } catch (error) {
        if (predictions.isLatest(n))
          set({ prediction: { status: 'error', value: null, error: errorView(error), name } });
      }
    },

    async explain(classIndex, image) {
      const model = image ? (lastEvaluated ?? trainedModel(null)) : lastModel;
      const input = image ?? lastImage;
      if (!model) throw new Error(NOT_TRAINED.message);
      if (!input) throw new Error('Drop or choose an image first.');
      return services.predict({ project: model, image: input, gradCam: { classIndex } });
    },

    readImage: (path) => services.readImage(path),
    chooseFolder: (defaultPath) => services.chooseFolder(defaultPath),
  };
  return {
    ...actions,
    weightsChanged(project) {
      if (lastImage && get().prediction.status !== 'idle') void actions.predict(lastImage, project);
    },
  };
}
