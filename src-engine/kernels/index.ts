export * from './contracts';
export { GRADIENTS, runGradient, type GradientContext, type GradientFn, type GradientTable } from './gradients';
export { windowAxis, type WindowAxis } from './geometry';
export {
  checkConformance,
  CONFORMANCE_CASES,
  makeCaseInputs,
  relativeError,
  type ConformanceCase,
  type ConformanceResult,
} from './conformance';
export { referenceBackend, REFERENCE_KERNELS, type FloatTensor } from './reference';
