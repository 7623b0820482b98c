/**
 * Private-key detection: the secret-scanning core's key rules. Each rule is data — a pattern,
 * and the samples it must and must not match, all tested — in the manner of gitleaks' rules.
 *
 * Where the peers differ (../shared/specs/secrets.md §1), a rule here asks for key material, not
 * just a marker: pre-commit-hooks' substring test flags every document that merely names
 * `BEGIN RSA PRIVATE KEY`, and secretlint's magic-prefix test misses short DER keys (SEC1 EC,
 * ed25519), encrypted PKCS#8 and PGP. A key whose END line was cut off (a truncated output) is
 * still a leak, so the END line is not required; 64 characters of key body are.
 *
 * True-positive samples are generated from random bytes when the tests run: this project never
 * holds a literal key.
 */

/** Characters of key body a finding needs, after headers and line breaks are set aside. */
export const MIN_BODY_CHARS = 64;

export interface KeyRule {
  readonly id: string;
  /** What kind of key, for the message: "RSA PEM", "OpenSSH", "PuTTY v3". */
  readonly describe: (match: RegExpExecArray) => string;
  /** Global pattern; group `body` holds the key material. */
  readonly pattern: RegExp;
  /** Key characters (base64 or hex, breaks and headers aside) the body needs to count. */
  readonly minBody: number;
  /** Texts that name or resemble a key but hold none: no rule may report them. */
  readonly falsePositives: readonly string[];
  /** Texts that hold a key, made from `random` bytes: this rule must report each once. */
  readonly truePositives: (random: (bytes: number) => Uint8Array) => readonly string[];
}

export interface KeyFinding {
  readonly rule: string;
  readonly description: string;
  /** Offset of the match in the text, and its 1-based line. */
  readonly index: number;
  readonly line: number;
  /** The key's first line and a few body characters, never the key: safe to print. */
  readonly masked: string;
}

/** A line break as a key may carry it: real, or JSON-escaped inside a printed string. */
const BREAK = String.raw`(?:\r?\n|\\r\\n|\\n)`;
/** Base64 body lines, each optionally followed by a break; blank lines and spaces allowed. */
const BASE64_BODY = String.raw`(?:[A-Za-z0-9+/=]|[ \t]|${BREAK})+`;
/** RFC 1421 / ssh.com header lines inside a block: `Proc-Type: 4,ENCRYPTED`, `Comment: "…"`. */
const HEADER_LINES = String.raw`(?:[ \t]*[A-Za-z][A-Za-z0-9-]*: ?[^\r\n\\]*(?:\\(?![rn])[^\r\n\\]*)*${BREAK})*`;

const base64Lines = (bytes: Uint8Array, width = 64, lineBreak = "\n"): string => {
  const text = Buffer.from(bytes).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(lineBreak);
};

const PEM_LABELS = [
  "RSA PRIVATE KEY",
  "DSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "OPENSSH PRIVATE KEY",
  "PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
  "ANY PRIVATE KEY",
  "PGP PRIVATE KEY BLOCK",
] as const;

/** How the PEM labels read in a message; others as `<label> PEM`. */
const PEM_KINDS: Readonly<Record<string, string>> = {
  "": "PKCS#8 PEM",
  ENCRYPTED: "encrypted PKCS#8 PEM",
  OPENSSH: "OpenSSH",
  PGP: "PGP",
};

const pem = (label: string, body: string, lineBreak = "\n", headers = ""): string =>
  `-----BEGIN ${label}-----${lineBreak}${headers}${body}${lineBreak}-----END ${label}-----${lineBreak}`;

export const KEY_RULES: readonly KeyRule[] = [
  {
    id: "pem-private-key",
    describe: (m) => {
      const kind = (m.groups?.label ?? "").replace(/ ?PRIVATE KEY(?: BLOCK)?$/, "");
      return PEM_KINDS[kind] ?? `${kind} PEM`;
    },
    pattern: new RegExp(
      String.raw`-----BEGIN (?<label>(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----[ \t]*${BREAK}` +
        `${HEADER_LINES}(?<body>${BASE64_BODY})`,
      "g",
    ),
    minBody: MIN_BODY_CHARS,
    falsePositives: [
      "Paste the file that starts with -----BEGIN RSA PRIVATE KEY----- into the secret store.",
      'PEM_MARKER = b"-----BEGIN PRIVATE KEY-----"',
      "-----BEGIN PRIVATE KEY-----\n<your private key>\n-----END PRIVATE KEY-----\n",
      "-----BEGIN RSA PRIVATE KEY-----\n...redacted...\n-----END RSA PRIVATE KEY-----\n",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nxxxx\n-----END OPENSSH PRIVATE KEY-----\n",
      String.raw`re.compile(r"-----BEGIN (RSA|EC)? ?PRIVATE KEY-----[\s\S]+?-----END")`,
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexamplepublickeymaterialonly000000000000\n-----END PUBLIC KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexampleexampleexampleexampleexampleexample0000\n-----END CERTIFICATE-----\n",
    ],
    truePositives: (random) => [
      ...PEM_LABELS.map((label) => pem(label, base64Lines(random(600)))),
      // Printed as a Python/JSON string: the breaks are the two characters `\n`.
      pem("PRIVATE KEY", base64Lines(random(300), 64, "\\n"), "\\n"),
      // Windows line ends, and an old encrypted PEM with its RFC 1421 headers.
      pem("RSA PRIVATE KEY", base64Lines(random(600), 64, "\r\n"), "\r\n"),
      pem(
        "RSA PRIVATE KEY",
        base64Lines(random(600)),
        "\n",
        "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n",
      ),
      // A short key (ed25519 PKCS#8 is 48 bytes): the body is 64 characters.
      pem("PRIVATE KEY", base64Lines(random(48))),
      // Cut off after the first lines, as `head` or a truncated output leaves it.
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${base64Lines(random(96))}\n`,
    ],
  },
  {
    id: "ssh2-private-key",
    describe: () => "SSH2, ssh.com",
    pattern: new RegExp(
      String.raw`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----[ \t]*${BREAK}${HEADER_LINES}(?<body>${BASE64_BODY})`,
      "g",
    ),
    minBody: MIN_BODY_CHARS,
    falsePositives: ["The key file begins with ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- and"],
    truePositives: (random) => [
      `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "user@host"\n${base64Lines(random(400), 70)}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n`,
    ],
  },
  {
    id: "putty-private-key",
    describe: (m) => `PuTTY v${m.groups?.version ?? "?"}`,
    pattern: new RegExp(
      String.raw`PuTTY-User-Key-File-(?<version>[23]): [^\r\n]*${BREAK}` +
        String.raw`(?:[ \t]*[A-Za-z0-9-]+: [^\r\n]*${BREAK}|[ \t]*[A-Za-z0-9+/=]+${BREAK})*?` +
        String.raw`[ \t]*Private-Lines: \d+[ \t]*${BREAK}(?<body>${BASE64_BODY})`,
      "g",
    ),
    // An ed25519 key's private part is 48 characters; the Private-Lines header says the rest.
    minBody: 40,
    falsePositives: [
      "puttygen writes PuTTY-User-Key-File-3: files; convert them with puttygen -O private-openssh",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: example\nPublic-Lines: 1\nAAAA\n",
    ],
    truePositives: (random) =>
      ["2", "3"].map(
        (version) =>
          `PuTTY-User-Key-File-${version}: ssh-ed25519\nEncryption: none\nComment: eddsa-key\nPublic-Lines: 2\n${base64Lines(random(51))}\nPrivate-Lines: 1\n${base64Lines(random(36))}\nPrivate-MAC: ${Buffer.from(random(32)).toString("hex")}\n`,
      ),
  },
  {
    id: "openvpn-static-key",
    describe: () => "OpenVPN static key",
    pattern: new RegExp(
      String.raw`-----BEGIN OpenVPN Static key V1-----[ \t]*${BREAK}(?<body>(?:[0-9a-fA-F]|[ \t]|${BREAK})+)`,
      "g",
    ),
    minBody: MIN_BODY_CHARS,
    falsePositives: ["tls-auth expects a file starting with -----BEGIN OpenVPN Static key V1-----"],
    truePositives: (random) => [
      `-----BEGIN OpenVPN Static key V1-----\n${Buffer.from(random(256))
        .toString("hex")
        .replace(/(.{32})/g, "$1\n")}-----END OpenVPN Static key V1-----\n`,
    ],
  },
  {
    id: "age-secret-key",
    describe: () => "age",
    // Bech32: 58 data characters from the bech32 alphabet after the `1` separator.
    pattern: /(?<body>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![0-9A-Z])/g,
    minBody: 0, // the pattern itself is exact
    falsePositives: ["export SOPS_AGE_KEY=AGE-SECRET-KEY-1XXXX", "AGE-SECRET-KEY-1..."],
    truePositives: (random) => {
      const alphabet = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
      const data = Array.from(random(58), (byte) => alphabet[byte % 32]).join("");
      return [`# created: 2024-01-01\n# public key: age1example\nAGE-SECRET-KEY-1${data}\n`];
    },
  },
];

/** Key characters in a body: base64 (or hex) only, headers and breaks left out. */
function keyCharacters(body: string): number {
  let count = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x5c) {
      i++; // `\n` / `\r` as two characters
      continue;
    }
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x3d) count++;
  }
  return count;
}

/** The line a match starts on, 1-based. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    line++;
  }
  return line;
}

/** The first line of the match and four characters of key body: enough to find it, no more. */
function mask(match: RegExpExecArray): string {
  const text = match[0];
  const body = match.groups?.body ?? "";
  const bodyAt = text.length - body.length;
  const firstLine = text.slice(0, bodyAt).split(/\r?\n|\\r\\n|\\n/)[0] ?? "";
  const start = body.replace(/^(?:\s|\\[rn])+/, "").slice(0, 4);
  return match.groups?.label === undefined && firstLine === ""
    ? `${body.slice(0, 18)}…`
    : `${firstLine.trim()} ${start}…`;
}

/** Every private key in `text`, in order. Cheap when the text names no key marker at all. */
export function findPrivateKeys(text: string): KeyFinding[] {
  const findings: KeyFinding[] = [];
  if (!MARKERS.test(text)) return findings;
  for (const rule of KEY_RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      const body = match.groups?.body ?? "";
      if (keyCharacters(body) < rule.minBody) continue;
      findings.push({
        rule: rule.id,
        description: rule.describe(match),
        index: match.index,
        line: lineAt(text, match.index),
        masked: mask(match),
      });
    }
  }
  return findings.sort((a, b) => a.index - b.index);
}

/** A quick pre-test: every rule's match contains one of these. */
const MARKERS = /PRIVATE KEY|PuTTY-User-Key-File-|OpenVPN Static key|AGE-SECRET-KEY-1/;
