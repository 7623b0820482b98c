import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { replaceFileContentSoon } from "../../../src/files/atomic-write.js";

// The rename is the one step no check before it can foresee failing: here it fails on demand.
const renameError = vi.hoisted(() => ({ code: "EIO" }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    rename: (_from: string, _to: string, done: (error: NodeJS.ErrnoException | null) => void) =>
      setImmediate(() =>
        done(Object.assign(new Error(`${renameError.code}: rename`), { code: renameError.code })),
      ),
  };
});

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fileWith = (content: string): string => {
  dir = mkdtempSync(join(tmpdir(), "mlh-rename-"));
  const file = join(dir, "nb.ipynb");
  writeFileSync(file, content);
  return file;
};
const temps = (): string[] => readdirSync(dir).filter((name) => name.endsWith(".tmp"));

describe("replaceFileContentSoon when the rename fails", () => {
  it("rejects, removes its temp file and leaves the file as it was", async () => {
    renameError.code = "EIO";
    const file = fileWith("old");
    await expect(
      replaceFileContentSoon(file, Buffer.from("new"), statSync(file)),
    ).rejects.toMatchObject({ code: "EIO" });
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(temps()).toEqual([]);
  });

  it("writes in place where only replacing is refused (EBUSY, a mount point)", async () => {
    renameError.code = "EBUSY";
    const file = fileWith("old");
    await replaceFileContentSoon(file, Buffer.from("new"), statSync(file));
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(temps()).toEqual([]);
  });
});
