declare const __ML_HYGIENE_VERSION__: string | undefined;

/** Replaced by the bundler with package.json's version; "dev" when run from source. */
export const VERSION: string =
  typeof __ML_HYGIENE_VERSION__ === "string" ? __ML_HYGIENE_VERSION__ : "0.0.0-dev";
