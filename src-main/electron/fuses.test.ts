// The packaged app's Electron fuses (package.json "build".electronFuses, flipped by electron-builder).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  build: Record<string, unknown>;
};
const fuses = (pkg.build.electronFuses ?? {}) as Record<string, boolean>;
const scheme = JSON.parse(
  readFileSync(new URL('../../node_modules/app-builder-lib/scheme.json', import.meta.url), 'utf8'),
) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('Electron fuses in the packaging step', () => {
  it('turn off running the app as plain Node and the NODE_OPTIONS / --inspect ways into its main process', () => {
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('encrypt the cookie store', () => {
    expect(fuses.enableCookieEncryption).toBe(true);
  });

  it('leave the asar-only fuses off while the app is not packed into an asar', () => {
    expect(pkg.build.asar).toBe(false);
    expect(fuses.onlyLoadAppFromAsar).not.toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).not.toBe(true);
  });

  it('use only fuse names electron-builder knows (a misspelt one would be ignored silently)', () => {
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(fuses).length).toBeGreaterThan(0);
    for (const name of Object.keys(fuses)) expect(known, name).toContain(name);
  });
});
