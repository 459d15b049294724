export { createOps, type Dtype, type EngineOps, type LogitsSource, type OpsOptions } from './engine-ops';
export { createReferenceOps } from './reference-ops';
export { activeTape, Tape, valueAndGrads, valueAndGradsAt, type TapeNode, type ValueAndGrads } from './tape';
