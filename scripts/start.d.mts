/** Why Electron cannot start here, as one line, or null when it can (see start.mjs). */
export function electronProblem(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, uid?: number): string | null;
