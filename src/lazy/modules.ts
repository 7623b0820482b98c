/**
 * Heavy modules, loaded only by the runs that need them (each costs 10–40 ms to import).
 * Bundled CommonJS arrives as `{ default: module }` from import(); unwrap it either way.
 */
type YamlModule = typeof import("yaml");
type MicromatchModule = typeof import("micromatch");

const unwrap = <T>(module: T | { default: T }): T =>
  (module as { default?: T }).default && !(module as { parse?: unknown }).parse
    ? ((module as { default: T }).default as T)
    : (module as T);

export async function loadYaml(): Promise<YamlModule> {
  return unwrap<YamlModule>(await import("yaml"));
}

export async function loadMicromatch(): Promise<MicromatchModule> {
  const module = (await import("micromatch")) as unknown as {
    default?: MicromatchModule;
  } & MicromatchModule;
  return module.default ?? module;
}
