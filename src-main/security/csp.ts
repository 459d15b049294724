// The one Content-Security-Policy of the renderer: sent as a header by the Electron protocol handler and by
// the browser-mode server alike.

export interface CspOptions {
  /** Extra connect-src sources (browser mode: its WebSocket origin). */
  connect?: string[];
  /** Vite's dev server needs inline scripts (React refresh preamble), inline styles and its HMR socket. */
  dev?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.dev ?? false;
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // wasm-unsafe-eval allows compiling WebAssembly (the engine's webasm backend), not JavaScript eval.
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])],
    'style-src': ["'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(options.connect ?? []), ...(dev ? ['ws://localhost:*', 'ws://127.0.0.1:*'] : [])],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every renderer document and asset gets, in both hosts. */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    // The browser-mode URL carries its token: never leak it in a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
