// Which URLs a page may open in the user's browser. Pure (no Electron) so the decision is unit-tested.

/**
 * URL prefixes of Filterbank's own documentation. The renderer links to no web page today (its help is in
 * the app and the README), so the list is empty and every window.open is denied; a help link added to the
 * renderer needs its https prefix here, ending in '/'.
 */
export const EXTERNAL_LINK_PREFIXES: readonly string[] = [];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for an https URL under one of `prefixes` (same host and port, path below the prefix's, no credentials). */
export function externalLinkAllowed(url: string, prefixes: readonly string[] = EXTERNAL_LINK_PREFIXES): boolean {
  const target = parse(url);
  if (!target || target.protocol !== 'https:' || target.username || target.password) return false;
  return prefixes.some((prefix) => {
    const allowed = parse(prefix);
    return allowed !== null && target.host === allowed.host && target.pathname.startsWith(allowed.pathname);
  });
}
