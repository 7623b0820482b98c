import { describe, expect, it } from "vitest";
import { configOutsideRepoMayName } from "../../../src/git/config-outside-repo.js";

const NAMES = ["extrakeys", "keepmetadatakeys"];
const HOME = "/home/u";

/** A file system of config files; every path read is recorded. */
function files(contents: Record<string, string>) {
  const read: string[] = [];
  return {
    read,
    reader: (path: string) => {
      read.push(path);
      return contents[path] ?? null;
    },
  };
}

const mayName = (env: NodeJS.ProcessEnv, contents: Record<string, string> = {}) => {
  const fs = files(contents);
  return { answer: configOutsideRepoMayName(NAMES, env, fs.reader), read: fs.read };
};

describe("configOutsideRepoMayName", () => {
  it("reads the system file and both global files, and says no when none names a key", () => {
    const { answer, read } = mayName(
      { HOME },
      {
        "/etc/gitconfig": '[filter "lfs"]\n\tclean = git-lfs clean -- %f\n',
        [`${HOME}/.gitconfig`]: "[user]\n\tname = U\n",
      },
    );
    expect(answer).toBe(false);
    expect(read).toEqual(["/etc/gitconfig", `${HOME}/.config/git/config`, `${HOME}/.gitconfig`]);
  });

  it.each([
    ["/etc/gitconfig", '[filter "nbstripout"]\n\textrakeys = metadata.a\n'],
    [`${HOME}/.config/git/config`, '[filter "nbstripout"]\n\tkeepmetadatakeys = metadata.a\n'],
    [`${HOME}/.gitconfig`, "[Filter.NBStripOut]\n\tExtraKeys = cell.metadata.a\n"],
    [`${HOME}/.gitconfig`, "[include]\n\tpath = ~/more.gitconfig\n"],
    [`${HOME}/.gitconfig`, '[includeIf "gitdir:~/work/"]\n\tpath = ~/work.gitconfig\n'],
  ])("says maybe when %s holds %j", (path, text) => {
    expect(mayName({ HOME }, { [path]: text }).answer).toBe(true);
  });

  it("follows XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL and GIT_CONFIG_SYSTEM as git does", () => {
    expect(mayName({ HOME, XDG_CONFIG_HOME: "/x" }).read).toEqual([
      "/etc/gitconfig",
      "/x/git/config",
      `${HOME}/.gitconfig`,
    ]);
    expect(mayName({ HOME, GIT_CONFIG_GLOBAL: "/g", GIT_CONFIG_SYSTEM: "/s" }).read).toEqual([
      "/s",
      "/g",
    ]);
    const hidden = { [`${HOME}/.gitconfig`]: "[filter.nbstripout]\n\textrakeys = metadata.a\n" };
    expect(mayName({ HOME, GIT_CONFIG_GLOBAL: "/g" }, hidden).answer).toBe(false);
  });

  it("skips the system file under GIT_CONFIG_NOSYSTEM, read as git reads a boolean", () => {
    const system = { "/etc/gitconfig": "[filter.nbstripout]\n\textrakeys = metadata.a\n" };
    for (const value of ["1", "true", "YES", "on"]) {
      expect(mayName({ HOME, GIT_CONFIG_NOSYSTEM: value }, system).answer, value).toBe(false);
    }
    for (const value of ["0", "false", "no", "off", ""]) {
      expect(mayName({ HOME, GIT_CONFIG_NOSYSTEM: value }, system).answer, value).toBe(true);
    }
    expect(mayName({ HOME, GIT_CONFIG_NOSYSTEM: "maybe" }).answer).toBe(true);
  });

  it.each([
    ["GIT_CONFIG_PARAMETERS", "'filter.nbstripout.extrakeys'='metadata.a'"],
    ["GIT_CONFIG_COUNT", "1"],
    ["GIT_CONFIG", "/some/file"],
    ["GIT_DIR", "/some/repo.git"],
    ["GIT_CONFIG_GLOBAL", ""],
    ["GIT_CONFIG_SYSTEM", ""],
  ])("leaves it to git when %s is set (%j)", (variable, value) => {
    const { answer, read } = mayName({ HOME, [variable]: value });
    expect(answer).toBe(true);
    expect(read).toEqual([]);
  });

  it("leaves it to git without HOME, or when a file cannot be read", () => {
    expect(mayName({}).answer).toBe(true);
    const unreadable = () => {
      throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    };
    expect(configOutsideRepoMayName(NAMES, { HOME }, unreadable)).toBe(true);
  });
});
