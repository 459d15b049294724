// The one entry point of src-shared: the IPC contract, its envelope, the wire codec and the payload schemas,
// shared by the main process (incl. preload) and the renderer. Imports only zod and src-engine.
export * from './common-schemas';
export * from './contract';
export * from './envelope';
export * from './ml-schemas';
export * from './wire';
// contract.ts re-exports StopReason as a type only; the schema value comes from ml-schemas.
export { StopReason } from './ml-schemas';
