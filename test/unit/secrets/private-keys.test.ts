import { spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  findPrivateKeys,
  KEY_RULES,
  MIN_BODY_CHARS,
} from "../../../src/checks/secrets/private-keys.js";
import { which } from "../../helpers/project-copy.js";

const random = (bytes: number): Uint8Array => randomBytes(bytes);

/** The key material of a sample: its longest run of base64 characters. */
const bodyOf = (text: string): string =>
  (text.match(/[A-Za-z0-9+/]{8,}/g) ?? []).sort((a, b) => b.length - a.length)[0] ?? "";

describe("private-key rules carry their own samples", () => {
  it.each(KEY_RULES.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    const positives = rule.truePositives(random);
    expect(positives.length).toBeGreaterThan(0);
    expect(rule.falsePositives.length).toBeGreaterThan(0);
    for (const sample of positives) {
      const found = findPrivateKeys(sample);
      expect(
        found.map((f) => f.rule),
        sample,
      ).toEqual([rule.id]);
      // Never the key in a message: the first line and four characters of body at most.
      const body = bodyOf(sample.replace(/^.*?(PRIVATE KEY|Private-Lines: \d+|V1)-*/s, ""));
      expect(found[0]?.masked).not.toContain(body.slice(0, 12));
    }
    for (const rule2 of KEY_RULES) {
      for (const sample of rule2.falsePositives)
        expect(findPrivateKeys(sample), sample).toEqual([]);
    }
  });
});

describe("every rule's samples, rendered as outputs and configs show them", () => {
  const renderings: Array<[string, (text: string) => string]> = [
    ["JSON-escaped", (text) => JSON.stringify({ key: text })],
    ["JSON-escaped twice", (text) => JSON.stringify(JSON.stringify(text))],
    ["with CRLF", (text) => text.replace(/\n/g, "\r\n")],
    ["indented in YAML", (text) => `key: |\n${text.replace(/^/gm, "  ")}`],
    ["with <br> breaks", (text) => text.replace(/\n/g, "<br>\n")],
    ["on one line", (text) => text.trim().replace(/\n+/g, " ")],
    [
      "as a printed list of lines",
      (text) => JSON.stringify(text.split(/(?<=\n)/)).replace(/","/g, '", "'),
    ],
    ["as a compact JSON list of lines", (text) => JSON.stringify(text.split("\n"))],
  ];
  for (const rule of KEY_RULES) {
    it.each(renderings)(`${rule.id}, %s`, (how, render) => {
      for (const sample of rule.truePositives(random)) {
        // Known limit: on one line, a free-text header of several words (`Version: GnuPG v2`)
        // cannot be told from the body after it.
        if (how === "on one line" && /\n(?:Version|Comment): \S+ /.test(sample)) continue;
        expect(
          findPrivateKeys(render(sample)).map((f) => f.rule),
          render(sample),
        ).toEqual([rule.id]);
      }
    });
  }
});

describe("private keys made by real tools", () => {
  const pems: Array<[string, () => string]> = [
    ["RSA PKCS#1", () => rsa("pkcs1")],
    ["RSA PKCS#8", () => rsa("pkcs8")],
    ["RSA PKCS#1, encrypted (Proc-Type/DEK-Info headers)", () => rsa("pkcs1", true)],
    ["RSA PKCS#8, encrypted", () => rsa("pkcs8", true)],
    [
      "EC P-256 SEC1 (short: secretlint misses it)",
      () =>
        generateKeyPairSync("ec", {
          namedCurve: "P-256",
          privateKeyEncoding: { type: "sec1", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        }).privateKey,
    ],
    [
      "ed25519 PKCS#8 (64 body characters)",
      () =>
        generateKeyPairSync("ed25519", {
          privateKeyEncoding: { type: "pkcs8", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        }).privateKey,
    ],
    [
      "DSA PKCS#8",
      () =>
        generateKeyPairSync("dsa", {
          modulusLength: 1024,
          divisorLength: 160,
          privateKeyEncoding: { type: "pkcs8", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        }).privateKey,
    ],
  ];
  function rsa(type: "pkcs1" | "pkcs8", encrypted = false): string {
    return generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: encrypted
        ? { type, format: "pem", cipher: "aes-128-cbc", passphrase: "test" }
        : { type, format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey;
  }

  it.each(pems)("%s is found, on the line it starts", (_name, make) => {
    const key = make();
    const text = `prefix line\nanother\n${key}`;
    const found = findPrivateKeys(text);
    expect(found).toHaveLength(1);
    expect(found[0]?.rule).toBe("pem-private-key");
    expect(found[0]?.line).toBe(3);
    expect(found[0]?.masked.startsWith("-----BEGIN ")).toBe(true);
    expect(found[0]?.masked.length).toBeLessThan(50);
  });

  /** How a key shows up in outputs, logs and configs besides its own file. */
  const renderings: Array<[string, (key: string) => string]> = [
    ["as a JSON string (\\n escapes)", (key) => JSON.stringify({ private_key: key })],
    ["JSON-escaped twice", (key) => JSON.stringify(JSON.stringify({ private_key: key }))],
    ["JSON with escaped slashes (\\/)", (key) => JSON.stringify(key).replace(/\//g, "\\/")],
    [
      "on one line, breaks turned to spaces (env vars, CI secrets)",
      (key) => key.replace(/\n/g, " "),
    ],
    [
      "with no breaks inside the body",
      (key) => {
        const lines = key.trim().split("\n");
        const inner = lines.slice(1, -1);
        // RFC 1421 headers (and the blank line after them) stay lines of their own.
        const headers = inner.filter((line) => line.includes(":") || line === "");
        const body = inner.filter((line) => !line.includes(":") && line !== "").join("");
        return [lines[0], ...headers, body, lines.at(-1), ""].join("\n");
      },
    ],
    ["with CR line ends (old Mac)", (key) => key.replace(/\n/g, "\r")],
    ["in HTML with <br>", (key) => `<pre>${key.replace(/\n/g, "<br>\n")}</pre>`],
    [
      "with every line break removed (RFC 1421 headers keep theirs)",
      (key) =>
        key
          .split("\n")
          .map((line) => (line.includes(":") || line === "" ? `${line}\n` : line))
          .join(""),
    ],
    [
      "as a printed Python list of its lines (readlines())",
      (key) =>
        `[${key
          .split(/(?<=\n)/)
          .map((line) => `'${line.replace(/\n/g, "\\n")}'`)
          .join(", ")}]`,
    ],
    ["indented in a YAML block", (key) => `key: |\n${key.replace(/^/gm, "    ")}`],
  ];

  for (const [how, render] of renderings) {
    it.each(pems)(`%s is found ${how}`, (_name, make) => {
      expect(findPrivateKeys(render(make()))).toHaveLength(1);
    });
  }

  it("scans in linear time: inputs that made the first version backtrack for minutes", () => {
    // A guard against catastrophic backtracking, not a benchmark: linear scans of these take a
    // few milliseconds; the first PuTTY pattern needed 48 s for the 212-byte one.
    const adversarial = [
      `-----BEGIN PRIVATE KEY-----${"\n".repeat(262_144)}`,
      `-----BEGIN PRIVATE KEY-----${" ".repeat(262_144)}!`,
      `-----BEGIN PRIVATE KEY-----${"<br>".repeat(65_536)}!`,
      `-----BEGIN PRIVATE KEY-----${"\\n".repeat(131_072)}!`,
      `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----${" ".repeat(262_144)}`,
      "-----BEGIN PRIVATE KEY----- a: ".repeat(8_000),
      "PuTTY-User-Key-File-2: ".repeat(16_000),
      `A: PuTTY-User-Key-File-2: ${"x".repeat(100)}\n`.repeat(7_500),
      `AGE-SECRET-KEY-1${"Q".repeat(58)} `.repeat(13_000),
      `PuTTY-User-Key-File-2: a\n${`XPuTTY-User-Key-File-2: ${"<".repeat(255)}\n`.repeat(3_700)}`,
      `-----BEGIN PRIVATE KEY-----\nComment: "${"x".repeat(250)}\n`.repeat(3_500),
      `PuTTY-User-Key-File-2: x${"\\nA: b".repeat(30)}`,
      "PuTTY-User-Key-File-2: x\n".repeat(12_000),
      `PuTTY-User-Key-File-2: x\n${"A: b\n".repeat(100_000)}`,
      `-----BEGIN PRIVATE KEY-----\n${"A".repeat(64)}\n`.repeat(11_000),
      `-----BEGIN PRIVATE KEY-----\n${"Ab1+".repeat(250_000)}`,
      `-----BEGIN PRIVATE KEY-----\n${"\\n".repeat(200_000)}x`,
      `-----BEGIN PRIVATE KEY-----\n${"A: b\n".repeat(100_000)}`,
      `-----BEGIN PRIVATE KEY-----${" \r\n".repeat(100_000)}x`,
    ];
    for (const text of adversarial) {
      const started = performance.now();
      findPrivateKeys(text);
      expect(performance.now() - started, text.slice(0, 60)).toBeLessThan(2000);
    }
  });

  it("public keys, certificates and the public half are not keys", () => {
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(findPrivateKeys(publicKey)).toEqual([]);
  });

  it("an OpenSSH key from ssh-keygen", () => {
    const sshKeygen = which("ssh-keygen");
    if (sshKeygen === null) {
      console.log("notice: ssh-keygen not installed; the OpenSSH format is covered by samples");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "mlh-keys-"));
    try {
      const file = join(dir, "id_ed25519");
      const made = spawnSync(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-f", file]);
      expect(made.status).toBe(0);
      const found = findPrivateKeys(readFileSync(file, "utf8"));
      expect(found.map((f) => f.description)).toEqual(["OpenSSH"]);
      expect(findPrivateKeys(readFileSync(`${file}.pub`, "utf8"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`a body shorter than ${MIN_BODY_CHARS} key characters is a placeholder, not a key`, () => {
    const short = Buffer.from(random(45)).toString("base64"); // 60 characters
    expect(
      findPrivateKeys(`-----BEGIN PRIVATE KEY-----\n${short}\n-----END PRIVATE KEY-----\n`),
    ).toEqual([]);
  });
});
