import type { Tensor } from '../core/tensor';
import { KERAS_DEFAULT_LEARNING_RATE, OPTIMIZER_NAMES, type OptimizerName } from '../core/vocabulary';
import { dispatcher, type Backend, type FloatArray } from '../kernels/contracts';
import { referenceBackend } from '../kernels/reference';

/** 'momentum' is SGD with momentum 0.9; 'nesterov' adds Nesterov. Omitted values take Keras 3's defaults. */
export interface OptimizerConfig {
  name: OptimizerName;
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  rho?: number;
  centered?: boolean;
}

export interface ResolvedOptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
  centered: boolean;
}

export interface Optimizer<T> {
  readonly config: ResolvedOptimizerConfig;
  /** Steps applied so far (Keras' `iterations`). */
  readonly iterations: number;
  /** Mutable for learning-rate schedules. */
  learningRate: number;
  /**
   * One update of every variable from its gradient (Keras 3 formulas). Variables are matched to their
   * optimizer state by position, so pass them in the same order every step. A null gradient leaves its
   * variable and state untouched (Keras skips variables without gradients). Returns the updated
   * variables: the same objects, updated in place, on the reference backend.
   */
  apply(variables: readonly T[], grads: readonly (T | null)[]): T[];
}

export function resolveOptimizerConfig(config: OptimizerConfig): ResolvedOptimizerConfig {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(config.name)) {
    throw new Error(`unknown optimizer '${String(config.name)}'; expected one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  const sgdMomentum = config.name === 'momentum' || config.name === 'nesterov' ? 0.9 : 0;
  const resolved: ResolvedOptimizerConfig = {
    name: config.name,
    learningRate: config.learningRate ?? KERAS_DEFAULT_LEARNING_RATE[config.name],
    momentum: config.momentum ?? (config.name === 'rmsprop' ? 0 : sgdMomentum),
    nesterov: config.nesterov ?? config.name === 'nesterov',
    beta1: config.beta1 ?? 0.9,
    beta2: config.beta2 ?? 0.999,
    epsilon: config.epsilon ?? 1e-7,
    rho: config.rho ?? 0.9,
    centered: config.centered ?? false,
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`${config.name}: ${what}`);
  };
  check(
    resolved.learningRate > 0 && Number.isFinite(resolved.learningRate),
    `learningRate must be a positive number, got ${resolved.learningRate}`,
  );
  check(
    resolved.momentum >= 0 && resolved.momentum <= 1,
    `momentum must be in [0, 1] (as Keras checks), got ${resolved.momentum}`,
  );
  check(resolved.beta1 >= 0 && resolved.beta1 < 1, `beta1 must be in [0, 1), got ${resolved.beta1}`);
  check(resolved.beta2 >= 0 && resolved.beta2 < 1, `beta2 must be in [0, 1), got ${resolved.beta2}`);
  check(resolved.rho >= 0 && resolved.rho < 1, `rho must be in [0, 1), got ${resolved.rho}`);
  check(resolved.epsilon >= 0, `epsilon must be 0 or more, got ${resolved.epsilon}`);
  return resolved;
}

/** An optimizer for any backend implementing the update kernels; slots are zero tensors made by the backend. */
export function createOptimizerFor<T>(backend: Backend<T>, config: OptimizerConfig): Optimizer<T> {
  const c = resolveOptimizerConfig(config);
  const run = dispatcher(backend.kernels);
  const slots: (T | null)[][] = [];
  let iterations = 0;
  let learningRate = c.learningRate;

  const zerosLike = (x: T): T => {
    if (backend.zeros) return backend.zeros(backend.shapeOf(x));
    const like: FloatArray = backend.toValues(x);
    return backend.fromValues(
      backend.shapeOf(x),
      like instanceof Float64Array ? new Float64Array(like.length) : new Float32Array(like.length),
    );
  };
  const slotsFor = (i: number, variable: T): (T | null)[] => {
    if (!slots[i]) {
      if (c.name === 'adam') slots[i] = [zerosLike(variable), zerosLike(variable)];
      else if (c.name === 'rmsprop')
        slots[i] = [
          zerosLike(variable),
          c.momentum > 0 ? zerosLike(variable) : null,
          c.centered ? zerosLike(variable) : null,
        ];
      else slots[i] = c.momentum > 0 ? [zerosLike(variable)] : [];
    }
    return slots[i];
  };

  return {
    config: c,
    get iterations() {
      return iterations;
    },
    get learningRate() {
      return learningRate;
    },
    set learningRate(value: number) {
      if (!(value > 0 && Number.isFinite(value)))
        throw new Error(`learningRate must be a positive number, got ${value}`);
      learningRate = value;
    },
    apply(variables, grads) {
      if (variables.length !== grads.length)
        throw new Error(`optimizer: ${variables.length} variables but ${grads.length} gradients`);
      if (slots.length > 0 && variables.length !== slots.length) {
        throw new Error(
          `optimizer: created for ${slots.length} variables, now ` +
            `given ${variables.length}; use one optimizer per model`,
        );
      }
      const step = iterations + 1;
      const updated = variables.map((variable, i) => {
        const grad = grads[i];
        const s = slotsFor(i, variable);
        if (grad === null) return variable;
        const lr = learningRate;
        switch (c.name) {
          case 'adam': {
            const [v, m, vv] = run('AdamUpdate', [variable, s[0] as T, s[1] as T, grad], {
              learningRate: lr,
              beta1: c.beta1,
              beta2: c.beta2,
              epsilon: c.epsilon,
              step,
            });
            s[0] = m;
            s[1] = vv;
            return v;
          }
          case 'rmsprop': {
            const [v, velocity, mom, avg] = run('RMSpropUpdate', [variable, s[0] as T, s[1], s[2], grad], {
              learningRate: lr,
              rho: c.rho,
              momentum: c.momentum,
              epsilon: c.epsilon,
              centered: c.centered,
            });
            s[0] = velocity;
            s[1] = mom;
            s[2] = avg;
            return v;
          }
          default: {
            if (c.momentum === 0) return run('SGDUpdate', [variable, grad], { learningRate: lr })[0];
            const [v, velocity] = run('MomentumUpdate', [variable, s[0] as T, grad], {
              learningRate: lr,
              momentum: c.momentum,
              nesterov: c.nesterov,
            });
            s[0] = velocity;
            return v;
          }
        }
      });
      iterations = step;
      return updated;
    },
  };
}

/** An optimizer over reference `Tensor`s, updating their Float32Arrays in place. */
export function createOptimizer(config: OptimizerConfig): Optimizer<Tensor> {
  return createOptimizerFor(referenceBackend as unknown as Backend<Tensor>, config);
}
