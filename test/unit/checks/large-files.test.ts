import { describe, expect, it } from "vitest";
import { artifactDirOf, DEFAULT_ARTIFACT_DIRS } from "../../../src/checks/large-files/artifacts.js";
import {
  dvcOwnerOf,
  outsOfDvcFile,
  outsOfDvcYaml,
} from "../../../src/checks/large-files/dvc-outs.js";
import {
  type FileFacts,
  judgeFile,
  type LargeFileRules,
  shellQuote,
} from "../../../src/checks/large-files/judge.js";
import { exceedsLimit, formatLimit, formatSize } from "../../../src/checks/large-files/size.js";

const rules: LargeFileRules = {
  maxKb: 500,
  enforceAll: false,
  artifactDirs: true,
  dvcTracked: true,
  ignored: true,
};
const facts = (over: Partial<FileFacts>): FileFacts => ({
  display: "model.pt",
  size: 1000,
  added: true,
  lfs: false,
  ignored: false,
  dvcOwner: null,
  artifactDir: null,
  ...over,
});

describe("sizes", () => {
  it("follows the peer: KB rounded up, compared with maxkb", () => {
    expect(exceedsLimit(500 * 1024, 500)).toBe(false);
    expect(exceedsLimit(500 * 1024 + 1, 500)).toBe(true);
    expect(exceedsLimit(0, 0)).toBe(false);
  });
  it("prints sizes people read", () => {
    expect(formatSize(1)).toBe("1 KB");
    expect(formatSize(740 * 1024)).toBe("740 KB");
    expect(formatSize(6 * 1024 * 1024)).toBe("6.0 MB");
    expect(formatSize(3 * 1024 ** 3)).toBe("3.0 GB");
    expect(formatLimit(500)).toBe("500 KB");
    expect(formatLimit(10000)).toBe("9.8 MB");
  });
});

describe("artifactDirOf", () => {
  it.each([
    ["mlruns/0/meta.yaml", "mlruns"],
    ["exp/wandb/run-1/files/config.yaml", "exp/wandb"],
    ["notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", "notebooks/.ipynb_checkpoints"],
    [".dvc/cache/ab/cdef", ".dvc/cache"],
    ["lightning_logs/version_0/hparams.yaml", "lightning_logs"],
  ])("flags %s as inside %s", (path, dir) => {
    expect(artifactDirOf(path, DEFAULT_ARTIFACT_DIRS)).toBe(dir);
  });
  it.each(["mlruns.md", "docs/wandb.md", ".dvc/config", "src/mlruns_reader.py", "cache/x"])(
    "leaves %s alone",
    (path) => {
      expect(artifactDirOf(path, DEFAULT_ARTIFACT_DIRS)).toBeNull();
    },
  );
});

describe("DVC outputs", () => {
  it("reads .dvc outs relative to the file's folder, skipping cache: false", () => {
    const parsed = {
      outs: [
        { md5: "x", path: "train.csv" },
        { path: "metrics.json", cache: false },
      ],
    };
    expect(outsOfDvcFile(parsed, "data/train.csv.dvc")).toEqual([
      { path: "data/train.csv", owner: "data/train.csv.dvc" },
    ]);
  });
  it("reads dvc.yaml outs, metrics and plots, with wdir and cache: false", () => {
    const parsed = {
      stages: {
        train: {
          cmd: "python train.py",
          wdir: "..",
          outs: ["models/model.pkl", { "logs/": { cache: false } }],
          metrics: [{ "eval.json": { cache: false } }],
        },
        featurize: { cmd: "x", outs: ["data/features"], plots: ["plots/roc.csv"] },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a DVC template, not JS
        each: { foreach: ["a"], do: { cmd: "x", outs: ["out/${item}.bin", "out/all.bin"] } },
      },
    };
    expect(outsOfDvcYaml(parsed, "pipelines/dvc.yaml").map((out) => out.path)).toEqual([
      "models/model.pkl",
      "pipelines/data/features",
      "pipelines/plots/roc.csv",
      "pipelines/out/a.bin",
      "pipelines/out/all.bin",
    ]);
  });
  it("matches a path or anything below a tracked folder", () => {
    const outs = [{ path: "data/features", owner: "dvc.yaml" }];
    expect(dvcOwnerOf("data/features/part-0.parquet", outs)?.owner).toBe("dvc.yaml");
    expect(dvcOwnerOf("data/features", outs)?.owner).toBe("dvc.yaml");
    expect(dvcOwnerOf("data/features2", outs)).toBeNull();
  });
  it("survives malformed content", () => {
    expect(outsOfDvcFile(null, "a.dvc")).toEqual([]);
    expect(outsOfDvcFile({ outs: "nope" }, "a.dvc")).toEqual([]);
    expect(outsOfDvcYaml({ stages: [1, 2] }, "dvc.yaml")).toEqual([]);
  });
});

describe("judgeFile", () => {
  const none = { dvc: false, lfs: false };
  it("flags an added file over the limit with size, limit and both fixes", () => {
    const [finding] = judgeFile(facts({ size: 6 * 1024 * 1024 }), rules, none);
    expect(finding).toMatchObject({
      rule: "too-large",
      message: "6.0 MB exceeds the 500 KB limit",
    });
    expect(finding?.fix).toMatch(/dvc add model\.pt/);
    expect(finding?.fix).toMatch(/git lfs track model\.pt/);
  });
  it("suggests only DVC in a DVC repository and only LFS in an LFS one", () => {
    const big = facts({ size: 10 ** 7 });
    expect(judgeFile(big, rules, { dvc: true, lfs: false })[0]?.fix).not.toMatch(/lfs/);
    expect(judgeFile(big, rules, { dvc: false, lfs: true })[0]?.fix).not.toMatch(/dvc add/);
  });
  it("ignores modified files unless --enforce-all, and LFS files always", () => {
    expect(judgeFile(facts({ size: 10 ** 7, added: false }), rules, none)).toEqual([]);
    expect(
      judgeFile(facts({ size: 10 ** 7, added: false }), { ...rules, enforceAll: true }, none),
    ).toHaveLength(1);
    expect(
      judgeFile(facts({ size: 10 ** 9, lfs: true }), { ...rules, enforceAll: true }, none),
    ).toEqual([]);
  });
  it("reports artifact folders, DVC-tracked and ignored files whatever their size", () => {
    const out = { path: "data.csv", owner: "data.csv.dvc" };
    expect(judgeFile(facts({ artifactDir: "mlruns" }), rules, none).map((f) => f.rule)).toEqual([
      "artifact-dir",
    ]);
    expect(
      judgeFile(facts({ dvcOwner: out, ignored: true }), rules, none).map((f) => f.rule),
    ).toEqual(["dvc-tracked"]);
    expect(judgeFile(facts({ ignored: true }), rules, none).map((f) => f.rule)).toEqual([
      "gitignored",
    ]);
  });
  it("turns each ML rule off by its flag", () => {
    const off = { ...rules, artifactDirs: false, dvcTracked: false, ignored: false };
    const out = { path: "model.pt", owner: "model.pt.dvc" };
    expect(
      judgeFile(facts({ artifactDir: "wandb", dvcOwner: out, ignored: true }), off, none),
    ).toEqual([]);
  });
  it("quotes paths for the shell only when needed", () => {
    expect(shellQuote("data/model.pt")).toBe("data/model.pt");
    expect(shellQuote("my model's.pt")).toBe("'my model'\\''s.pt'");
  });
});
