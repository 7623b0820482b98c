import { createRequire } from "node:module";

const requireFromNode = createRequire(process.execPath);

/**
 * A Node built-in module loaded on first use. Some cost milliseconds to load on a path that
 * mostly does not need them (`child_process` ~4 ms, `v8` ~5 ms, measured), and a hook's whole
 * run is often ~35 ms.
 */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireFromNode(name) as T;
    return loaded;
  };
}
