/**
 * A Node built-in module loaded on first use. Some cost milliseconds to load on a path that
 * mostly does not need them (`child_process` ~4 ms, `v8` ~5 ms, measured), and a hook's whole
 * run is often ~35 ms.
 *
 * Loaded with `require`: the hooks ship as CommonJS bundles, where it is the bin wrapper's, and
 * vitest gives the tests one. Importing node:module for `createRequire` instead cost every run
 * ~0.4 ms (it loads Node's ESM loader) and the call itself ~0.3 ms.
 */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
