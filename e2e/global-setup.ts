// Builds the app once before the e2e tests, so they never run against a stale out/ folder.
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<void> {
  if (process.env.FILTERBANK_E2E_SKIP_BUILD === '1') return;
  const { build } = await import('electron-vite');
  await build({ root: fileURLToPath(new URL('..', import.meta.url)), logLevel: 'warn' });
}
