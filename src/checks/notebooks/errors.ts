/**
 * Why a notebook could not be stripped. `kind` is the name of the exception nbstripout (Python)
 * would raise, so messages keep the words users and the conformance corpus search for.
 */
export class NotebookError extends Error {
  override readonly name = "NotebookError";
  constructor(
    readonly kind: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/**
 * The text is not JSON as Python's `json.loads` defines it. In Jupyter mode nbformat turns this
 * into "No valid notebook detected"; in Zeppelin mode it is a plain failure.
 */
export class JsonDecodeError extends NotebookError {
  constructor(
    /** The message without position, e.g. `Expecting value`. */
    readonly msg: string,
    /** Position in code points, as Python counts. */
    readonly pos: number,
    readonly line: number,
    readonly column: number,
    kind = "JSONDecodeError",
  ) {
    super(
      kind,
      kind === "JSONDecodeError" ? `${msg}: line ${line} column ${column} (char ${pos})` : msg,
    );
  }
}

/** nbstripout's own error for a cell whose `keep_output` metadata and tags disagree. */
export const metadataContradiction = (): NotebookError =>
  new NotebookError(
    "MetadataError",
    "cell metadata contradicts tags: `keep_output` is false, but `keep_output` in tags",
  );
