export { connectFilterbank } from './connect';
export { choosePath, type ServerPathPrompt } from './choose-path';
export {
  errorSentence,
  FilterbankError,
  type ConnectionState,
  type ConnectionStatus,
  type FilterbankApi,
  type Unsubscribe,
} from './filterbank-api';
export type * from '../../src-shared';
export { missingFolderMessage } from '../../src-shared';
