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

export type BodyAlphabet = "base64" | "hex";

export interface KeyRule {
  readonly id: string;
  /** What kind of key, for the message: "RSA PEM", "OpenSSH", "PuTTY v3". */
  readonly describe: (match: RegExpExecArray) => string;
  /**
   * Global pattern; group `body` holds the key material. Every pattern runs in linear time:
   * alternatives never overlap and repeated header lines are bounded (tests time them).
   */
  readonly pattern: RegExp;
  /** What the body is written in, and how many key characters it needs to count. */
  readonly alphabet: BodyAlphabet;
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

/**
 * A line break as a key may carry it: LF, CRLF or CR; JSON-escaped once (`\n`) or twice
 * (`\\n`); or HTML's `<br>`. No two alternatives match the same text, so a failing match never
 * tries the ways one text could be split into breaks.
 */
const BREAK = String.raw`(?:\r\n|\r(?!\n)|\n|\\r\\n|\\n|\\\\r\\\\n|\\\\n|<br ?/?>)`;
/** Between lines of key body: breaks, and spaces (a key pasted onto one line, or indented). */
const SEP = String.raw`(?:[ \t]|${BREAK})+`;
const SEP_RE = new RegExp(SEP);
/** Runs of key characters; `\/` is a slash as JSON may escape it. */
const BASE64_CHUNK = String.raw`(?:[A-Za-z0-9+/=]|\\/)+`;
const HEX_CHUNK = "[0-9a-fA-F]+";
const body = (chunk: string): string => `(?<body>${chunk}(?:${SEP}${chunk})*)`;
/**
 * RFC 1421 / ssh.com header lines inside a block (`Proc-Type: 4,ENCRYPTED`, `Comment: "…"`),
 * at most eight, then any blank lines. The two RFC 1421 ones are read up to a space as well, for
 * an old encrypted PEM pasted onto one line.
 */
const HEADER_LINES =
  String.raw`(?:(?:Proc-Type: ?\d+,[A-Z]+|DEK-Info: ?[A-Za-z0-9-]+,[0-9A-Fa-f]+)${SEP}` +
  String.raw`|(?!Proc-Type:|DEK-Info:)[ \t]*[A-Za-z][A-Za-z0-9-]*: ?[^\r\n\\<]*${BREAK}){0,8}(?:${SEP})?`;

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
      `-----BEGIN (?<label>(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?)-----${SEP}` +
        `${HEADER_LINES}${body(BASE64_CHUNK)}`,
      "g",
    ),
    alphabet: "base64",
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
      // Prose, a package list, filler after a marker: not lines of key material.
      "The file must start with -----BEGIN PRIVATE KEY-----\nand then the base64 encoded key material follows on the next lines until the END marker\n",
      "-----BEGIN PRIVATE KEY-----\nSee RFC5208 Section 5 and RFC5958 for the PrivateKeyInfo ASN1 structure used by OpenSSL 3 and BoringSSL\n",
      `-----BEGIN PRIVATE KEY-----\n${"numpy\npandas\nscipy\ntorch\ntransformers\nscikit-learn\n".repeat(4)}`,
      `-----BEGIN RSA PRIVATE KEY-----\n${`${"X".repeat(64)}\n`.repeat(3)}-----END RSA PRIVATE KEY-----\n`,
      `-----BEGIN PRIVATE KEY-----\n${`${"A".repeat(64)}\n`.repeat(3)}-----END PRIVATE KEY-----\n`,
      `-----BEGIN EC PRIVATE KEY-----\n${`${"0".repeat(64)}\n`.repeat(3)}-----END EC PRIVATE KEY-----\n`,
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
      `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----${SEP}${HEADER_LINES}${body(BASE64_CHUNK)}`,
      "g",
    ),
    alphabet: "base64",
    minBody: MIN_BODY_CHARS,
    falsePositives: ["The key file begins with ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- and"],
    truePositives: (random) => [
      `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "user@host"\n${base64Lines(random(400), 70)}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n`,
    ],
  },
  {
    id: "putty-private-key",
    describe: (m) => `PuTTY v${m.groups?.version ?? "?"}`,
    // Up to 64 header or public-key lines (never another key's first line), then Private-Lines.
    pattern: new RegExp(
      String.raw`PuTTY-User-Key-File-(?<version>[23]): [^\r\n\\<]*${BREAK}` +
        String.raw`(?:(?!PuTTY-User-Key-File-|Private-Lines:)[ \t]*(?:[A-Za-z0-9-]+: [^\r\n\\<]*|[A-Za-z0-9+/=]+)${BREAK}){0,64}` +
        String.raw`[ \t]*Private-Lines: \d+[ \t]*${BREAK}[ \t]*${body(BASE64_CHUNK)}`,
      "g",
    ),
    alphabet: "base64",
    // An ed25519 key's private part is 48 characters; the Private-Lines header says the rest.
    minBody: 40,
    falsePositives: [
      "puttygen writes PuTTY-User-Key-File-3: files; convert them with puttygen -O private-openssh",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: example\nPublic-Lines: 1\nAAAA\n",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nthis is where the private part goes in a real key file ok\n",
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
    pattern: new RegExp(`-----BEGIN OpenVPN Static key V1-----${SEP}${body(HEX_CHUNK)}`, "g"),
    alphabet: "hex",
    minBody: MIN_BODY_CHARS,
    falsePositives: [
      "tls-auth expects a file starting with -----BEGIN OpenVPN Static key V1-----",
      `-----BEGIN OpenVPN Static key V1-----\n${`${"0".repeat(32)}\n`.repeat(16)}-----END OpenVPN Static key V1-----\n`,
    ],
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
    alphabet: "base64",
    minBody: 0, // the pattern itself is exact
    falsePositives: ["export SOPS_AGE_KEY=AGE-SECRET-KEY-1XXXX", "AGE-SECRET-KEY-1..."],
    truePositives: (random) => {
      const alphabet = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
      const data = Array.from(random(58), (byte) => alphabet[byte % 32]).join("");
      return [`# created: 2024-01-01\n# public key: age1example\nAGE-SECRET-KEY-1${data}\n`];
    },
  },
];

/**
 * Key characters in the regular part of a body, or 0 when it does not look like key material.
 * Key bodies are written in lines of one width (64, 70, 76…) with a shorter last line, so the
 * body is cut where that pattern ends (text after a truncated key, PuTTY's `Private-MAC`), and
 * prose or a list after a marker, whose words vary in length, counts for nothing. Random key
 * bytes also mix letter cases and digits; `XXXX…`, `AAAA…` and zeros do not.
 */
export function keyCharacters(bodyText: string, alphabet: BodyAlphabet): number {
  const chunks = bodyText.split(SEP_RE);
  let width = -1;
  let total = 0;
  const seen = new Set<string>();
  for (const raw of chunks) {
    if (raw === "") continue;
    const chunk = raw.replace(/\\\//g, "/").replace(/=+$/, "");
    if (width === -1) width = chunk.length;
    if (chunk.length > width) break;
    total += chunk.length;
    for (let i = 0; i < chunk.length; i++) seen.add(chunk[i] as string);
    if (chunk.length < width) break;
  }
  let classes = 0;
  const has = (test: RegExp): boolean => [...seen].some((c) => test.test(c));
  if (alphabet === "hex") {
    if (has(/[0-9]/)) classes++;
    if (has(/[a-fA-F]/)) classes++;
    return classes === 2 && seen.size >= 10 ? total : 0;
  }
  if (has(/[A-Z]/)) classes++;
  if (has(/[a-z]/)) classes++;
  if (has(/[0-9]/)) classes++;
  return classes >= 2 && seen.size >= 16 ? total : 0;
}

const FIRST_BREAK = new RegExp(BREAK);

/** The first line of the match and four characters of key body: enough to find it, no more. */
function mask(match: RegExpExecArray): string {
  const text = match[0];
  const bodyText = match.groups?.body ?? "";
  const before = text.slice(0, text.length - bodyText.length);
  const firstLine = (before.split(FIRST_BREAK)[0] ?? "").trim();
  const start = bodyText.replace(/\\\//g, "/").slice(0, 4);
  // age keys are one token: the marker is the first 16 characters of the body.
  return firstLine === "" ? `${bodyText.slice(0, 18)}…` : `${firstLine} ${start}…`;
}

/** Every private key in `text`, in order. Cheap when the text names no key marker at all. */
export function findPrivateKeys(text: string): KeyFinding[] {
  if (!MARKERS.test(text)) return [];
  const found: Omit<KeyFinding, "line">[] = [];
  for (const rule of KEY_RULES) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      const bodyText = match.groups?.body ?? "";
      if (rule.minBody > 0 && keyCharacters(bodyText, rule.alphabet) < rule.minBody) continue;
      found.push({
        rule: rule.id,
        description: rule.describe(match),
        index: match.index,
        masked: mask(match),
      });
    }
  }
  found.sort((a, b) => a.index - b.index);
  // Lines counted in one pass over the text, however many findings there are.
  const findings: KeyFinding[] = [];
  let line = 1;
  let at = 0;
  for (const finding of found) {
    for (let next = text.indexOf("\n", at); next !== -1 && next < finding.index; ) {
      line++;
      at = next + 1;
      next = text.indexOf("\n", at);
    }
    findings.push({ ...finding, line });
  }
  return findings;
}

/** A quick pre-test: every rule's match contains one of these. */
const MARKERS = /PRIVATE KEY|PuTTY-User-Key-File-|OpenVPN Static key|AGE-SECRET-KEY-1/;
