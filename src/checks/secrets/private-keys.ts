/**
 * Private-key detection: the secret-scanning core's key rules. Each rule is data — its marker,
 * what its key material looks like, and the samples it must and must not match, all tested — in
 * the manner of gitleaks' rules.
 *
 * Where the peers differ (../shared/specs/secrets.md §1), a rule here asks for key material, not
 * just a marker: pre-commit-hooks' substring test flags every document that merely names
 * `BEGIN RSA PRIVATE KEY`, and secretlint's body test misses short DER keys (SEC1 EC, ed25519),
 * encrypted PKCS#8 and PGP. A key whose END line was cut off (a truncated output) is still a
 * leak, so the END line is not required; key material after the marker is.
 *
 * Linear time by construction: the regexes only find markers (no nested quantifiers), and a
 * small scanner reads what follows each one — a bounded number of bounded header lines, then
 * the body until the first character that cannot be key material — so no text is read twice
 * by one marker's scan, and it stops at the next marker.
 *
 * True-positive samples are generated from random bytes when the tests run: this project never
 * holds a literal key.
 */

/** Characters of key body a finding needs (after headers, breaks and padding). */
export const MIN_BODY_CHARS = 64;

export type BodyAlphabet = "base64" | "hex";

/** Header lines a key may carry before its body. */
type Headers =
  /** None. */
  | "none"
  /** RFC 1421 / ssh.com / OpenPGP armor: up to 8 `Name: value` lines (`Proc-Type`, `Comment`). */
  | "armor"
  /** PuTTY: up to 64 header and public-key lines, then `Private-Lines: N`. */
  | "putty";

interface RuleBase {
  readonly id: string;
  /** Global regex for the marker only. */
  readonly marker: RegExp;
  /** The marker as printed in a finding (never any key material), and the kind of key. */
  readonly shown: (marker: RegExpExecArray) => string;
  readonly describe: (marker: RegExpExecArray) => string;
  /** Texts that name or resemble a key but hold none: no rule may report them. */
  readonly falsePositives: readonly string[];
  /** Texts that hold a key, made from `random` bytes: this rule must report each once. */
  readonly truePositives: (random: (bytes: number) => Uint8Array) => readonly string[];
}

/** A key whose material follows its marker (PEM, PuTTY, …): the scanner reads the body. */
interface BodyRule extends RuleBase {
  readonly headers: Headers;
  readonly alphabet: BodyAlphabet;
  /** Key characters the body needs to count. */
  readonly minBody: number;
  /**
   * Whether the body begins as this kind of key begins (DER's version INTEGER, OpenSSH's magic
   * `openssh-key-v1`, an OpenPGP secret-key packet, PuTTY's length-prefixed fields). Ciphertext
   * (old encrypted PEM, an encrypted PuTTY key) may begin with anything.
   */
  readonly bodyStart: (marker: RegExpExecArray, start: string, encrypted: boolean) => boolean;
}

/** A key that is its marker's whole match (`age`): checked as it stands. */
interface TokenRule extends RuleBase {
  readonly isKey: (match: string) => boolean;
}

export type KeyRule = BodyRule | TokenRule;

export interface KeyFinding {
  readonly rule: string;
  readonly description: string;
  /** Offset of the match in the text, and its 1-based line. */
  readonly index: number;
  readonly line: number;
  /** The marker and four characters of key body, never the key: safe to print. */
  readonly masked: string;
}

// ---------------------------------------------------------------------------------------------
// Samples (generated at test time)

const base64Lines = (bytes: Uint8Array, width = 64, lineBreak = "\n"): string => {
  const text = Buffer.from(bytes).toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(lineBreak);
};

/**
 * DER of a private key: a SEQUENCE (0x30, long-form length) opening with its version INTEGER
 * (`02 01 00`), or, encrypted PKCS#8, with the encryption algorithm's SEQUENCE; then random.
 */
const der = (
  random: (bytes: number) => Uint8Array,
  length: number,
  encrypted = false,
): Uint8Array => {
  const bytes = random(length);
  bytes.set([0x30, 0x82, (length - 4) >> 8, (length - 4) & 0xff]);
  bytes.set(encrypted ? [0x30, 0x49] : [0x02, 0x01, 0x00], 4);
  return bytes;
};

const OPENSSH_MAGIC = Buffer.from("openssh-key-v1\0");

const pem = (label: string, body: string, lineBreak = "\n", headers = ""): string =>
  `-----BEGIN ${label}-----${lineBreak}${headers}${body}${lineBreak}-----END ${label}-----${lineBreak}`;

/** How the PEM labels read in a message; others as `<label> PEM`. */
const PEM_KINDS: Readonly<Record<string, string>> = {
  "": "PKCS#8 PEM",
  ENCRYPTED: "encrypted PKCS#8 PEM",
  OPENSSH: "OpenSSH",
  PGP: "PGP",
};

// ---------------------------------------------------------------------------------------------
// age keys: bech32 (BIP 173), checked by their checksum so placeholders never count

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const AGE_HRP = "age-secret-key-";

function bech32Polymod(values: readonly number[]): number {
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let check = 1;
  for (const value of values) {
    const top = check >>> 25;
    check = ((check & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) check ^= generator[i] as number;
  }
  return check >>> 0;
}

const hrpValues = (hrp: string): number[] => [
  ...Array.from(hrp, (c) => c.charCodeAt(0) >> 5),
  0,
  ...Array.from(hrp, (c) => c.charCodeAt(0) & 31),
];

/** Whether `AGE-SECRET-KEY-1…` carries a valid bech32 checksum. */
function isAgeKey(key: string): boolean {
  const data = Array.from(key.slice(AGE_HRP.length + 1).toLowerCase(), (c) => BECH32.indexOf(c));
  if (data.some((value) => value < 0)) return false;
  return bech32Polymod([...hrpValues(AGE_HRP), ...data]) === 1;
}

/** An age secret key for samples: 32 bytes in 5-bit groups, then the checksum. */
function ageKey(bytes: Uint8Array): string {
  const data: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((buffer >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((buffer << (5 - bits)) & 31);
  const mod = bech32Polymod([...hrpValues(AGE_HRP), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  for (let i = 0; i < 6; i++) data.push((mod >>> (5 * (5 - i))) & 31);
  return `${AGE_HRP}1${data.map((value) => BECH32[value]).join("")}`.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// The rules

export const KEY_RULES: readonly KeyRule[] = [
  {
    id: "pem-private-key",
    marker: /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?)-----/g,
    shown: (m) => `-----BEGIN ${m[1]}-----`,
    describe: (m) => {
      const kind = (m[1] ?? "").replace(/ ?PRIVATE KEY(?: BLOCK)?$/, "");
      return PEM_KINDS[kind] ?? `${kind} PEM`;
    },
    headers: "armor",
    alphabet: "base64",
    minBody: MIN_BODY_CHARS,
    bodyStart: (m, start, encrypted) => {
      if (encrypted) return true; // old encrypted PEM: the body is ciphertext
      const label = m[1] ?? "";
      if (label.startsWith("OPENSSH ")) return start.startsWith("b3BlbnNzaC1rZXktdjE");
      if (label.startsWith("PGP ")) return /^[lx]/.test(start); // a secret-key packet
      return derKeyStart(start, label.startsWith("ENCRYPTED "));
    },
    falsePositives: [
      "Paste the file that starts with -----BEGIN RSA PRIVATE KEY----- into the secret store.",
      'PEM_MARKER = b"-----BEGIN PRIVATE KEY-----"',
      "-----BEGIN PRIVATE KEY-----\n<your private key>\n-----END PRIVATE KEY-----\n",
      "-----BEGIN RSA PRIVATE KEY-----\n...redacted...\n-----END RSA PRIVATE KEY-----\n",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nxxxx\n-----END OPENSSH PRIVATE KEY-----\n",
      String.raw`re.compile(r"-----BEGIN (RSA|EC)? ?PRIVATE KEY-----[\s\S]+?-----END")`,
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexamplepublickeymaterialonly000000000000\n-----END PUBLIC KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUexampleexampleexampleexampleexampleexample0000\n-----END CERTIFICATE-----\n",
      // Prose, a package list, filler, hashes, an image, a path after a marker: not key material.
      "The file must start with -----BEGIN PRIVATE KEY-----\nand then the base64 encoded key material follows on the next lines until the END marker\n",
      "-----BEGIN PRIVATE KEY-----\nSee RFC5208 Section 5 and RFC5958 for the PrivateKeyInfo ASN1 structure used by OpenSSL 3 and BoringSSL\n",
      `-----BEGIN PRIVATE KEY-----\n${"numpy\npandas\nscipy\ntorch\ntransformers\nscikit-learn\n".repeat(4)}`,
      `-----BEGIN RSA PRIVATE KEY-----\n${`${"X".repeat(64)}\n`.repeat(3)}-----END RSA PRIVATE KEY-----\n`,
      `-----BEGIN PRIVATE KEY-----\n${`${"A".repeat(64)}\n`.repeat(3)}-----END PRIVATE KEY-----\n`,
      `-----BEGIN EC PRIVATE KEY-----\n${`${"0".repeat(64)}\n`.repeat(3)}-----END EC PRIVATE KEY-----\n`,
      "-----BEGIN PRIVATE KEY-----\n9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\n",
      "-----BEGIN PRIVATE KEY-----\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n",
      "-----BEGIN PRIVATE KEY----- /usr/lib/python3/dist-packages/cryptography/hazmat/primitives/serialization/Key1\n",
      // DER that is no private key (a public key's SEQUENCE opens with another SEQUENCE).
      "-----BEGIN PRIVATE KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n",
      // Base64 of text that happens to start with `M` ("2024-...").
      `-----BEGIN PRIVATE KEY-----\n${Buffer.from("2024-01-01 12:00:00 training run 17 finished, loss 0.0213, accuracy 0.981").toString("base64")}\n`,
    ],
    truePositives: (random) => [
      ...["RSA", "DSA", "EC", "", "ENCRYPTED", "ANY"].map((kind) =>
        pem(
          `${kind ? `${kind} ` : ""}PRIVATE KEY`,
          base64Lines(der(random, 600, kind === "ENCRYPTED")),
        ),
      ),
      pem("OPENSSH PRIVATE KEY", base64Lines(Buffer.concat([OPENSSH_MAGIC, random(400)]), 70)),
      pem(
        "PGP PRIVATE KEY BLOCK",
        base64Lines(Buffer.concat([Buffer.from([0x95, 0x01, 0xd8]), random(600)])),
        "\n",
        "Version: GnuPG v2\nComment: https://gnupg.org/faq.html\n\n",
      ),
      // Printed as a Python/JSON string: the breaks are the two characters `\n`.
      pem("PRIVATE KEY", base64Lines(der(random, 300), 64, "\\n"), "\\n"),
      // Windows line ends, and an old encrypted PEM (ciphertext body) with its RFC 1421 headers.
      pem("RSA PRIVATE KEY", base64Lines(der(random, 600), 64, "\r\n"), "\r\n"),
      pem(
        "RSA PRIVATE KEY",
        base64Lines(random(600)),
        "\n",
        "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n",
      ),
      // A short key (ed25519 PKCS#8 is 48 bytes): the body is 64 characters.
      pem("PRIVATE KEY", base64Lines(der(random, 48))),
      // Cut off after the first lines, as `head` or a truncated output leaves it.
      `-----BEGIN RSA PRIVATE KEY-----\n${base64Lines(der(random, 96))}\n`,
    ],
  },
  {
    id: "ssh2-private-key",
    marker: /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/g,
    shown: () => "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
    describe: () => "SSH2, ssh.com",
    headers: "armor",
    alphabet: "base64",
    minBody: MIN_BODY_CHARS,
    bodyStart: (_m, start) => start.startsWith("P2/5"), // the format's magic, 0x3f6ff9eb
    falsePositives: ["The key file begins with ---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ---- and"],
    truePositives: (random) => {
      const bytes = random(400);
      bytes.set([0x3f, 0x6f, 0xf9, 0xeb]);
      return [
        `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "user@host"\n${base64Lines(bytes, 70)}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n`,
      ];
    },
  },
  {
    id: "putty-private-key",
    marker: /PuTTY-User-Key-File-([23]): /g,
    shown: (m) => `PuTTY-User-Key-File-${m[1]}`,
    describe: (m) => `PuTTY v${m[1]}`,
    headers: "putty",
    alphabet: "base64",
    // A DSA key's private part is 32 characters; the Private-Lines header says the rest.
    minBody: 32,
    // Unencrypted, the private part is length-prefixed fields: the first length is small.
    bodyStart: (_m, start, encrypted) => encrypted || /^AA[A-P]/.test(start),
    falsePositives: [
      "puttygen writes PuTTY-User-Key-File-3: files; convert them with puttygen -O private-openssh",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: example\nPublic-Lines: 1\nAAAA\n",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nthis is where the private part goes in a real key file ok\n",
      "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 14\ncommit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b\n",
    ],
    truePositives: (random) =>
      ["2", "3"].map(
        (version) =>
          `PuTTY-User-Key-File-${version}: ssh-ed25519\nEncryption: none\nComment: eddsa-key\nPublic-Lines: 2\n${base64Lines(random(51))}\nPrivate-Lines: 1\n${base64Lines(Buffer.concat([Buffer.from([0, 0, 0, 32]), random(32)]))}\nPrivate-MAC: ${Buffer.from(random(32)).toString("hex")}\n`,
      ),
  },
  {
    id: "openvpn-static-key",
    marker: /-----BEGIN OpenVPN Static key V1-----/g,
    shown: () => "-----BEGIN OpenVPN Static key V1-----",
    describe: () => "OpenVPN static key",
    headers: "none",
    alphabet: "hex",
    minBody: MIN_BODY_CHARS,
    bodyStart: () => true,
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
    // Bech32: 58 characters after the `1` separator, the last six a checksum (checked).
    marker: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![0-9A-Z])/g,
    shown: (m) => `${m[0].slice(0, 18)}`,
    describe: () => "age",
    isKey: isAgeKey,
    falsePositives: [
      "export SOPS_AGE_KEY=AGE-SECRET-KEY-1XXXX",
      "AGE-SECRET-KEY-1...",
      `AGE-SECRET-KEY-1${"X".repeat(58)}`,
      `AGE-SECRET-KEY-1${"Q".repeat(58)}`,
    ],
    truePositives: (random) => [
      `# created: 2024-01-01\n# public key: age1example\n${ageKey(random(32))}\n`,
    ],
  },
];

/**
 * Whether base64 text begins as a DER private key: a SEQUENCE whose first member is the version
 * INTEGER (`02 01 0x`: PKCS#1, PKCS#8, SEC1, DSA) or, for encrypted PKCS#8, the algorithm's
 * SEQUENCE. Public keys and certificates open with a SEQUENCE in a SEQUENCE.
 */
function derKeyStart(start: string, encrypted: boolean): boolean {
  const bytes = Buffer.from(start.slice(0, 12), "base64");
  if (bytes[0] !== 0x30) return false;
  const lengthByte = bytes[1] ?? 0;
  const next =
    lengthByte < 0x80 ? 2 : lengthByte >= 0x81 && lengthByte <= 0x83 ? 2 + (lengthByte - 0x80) : -1;
  if (next === -1) return false;
  if (encrypted) return bytes[next] === 0x30;
  return bytes[next] === 0x02 && bytes[next + 1] === 0x01 && (bytes[next + 2] ?? 0xff) <= 0x03;
}

// ---------------------------------------------------------------------------------------------
// The scanner

const isBase64Char = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || // A-Z
  (c >= 0x61 && c <= 0x7a) || // a-z
  (c >= 0x30 && c <= 0x39) || // 0-9
  c === 0x2b || // +
  c === 0x2f || // /
  c === 0x3d; // =

const isHexChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Most backslashes before an escaped character: text escaped three times over (1, 2, 4). */
const MAX_BACKSLASHES = 7;

/** Backslashes at `at` (counted up to one more than MAX_BACKSLASHES). */
function backslashes(text: string, at: number): number {
  let n = 0;
  while (n <= MAX_BACKSLASHES && text.charCodeAt(at + n) === 0x5c) n++;
  return n;
}

const lower = (c: number): number => c | 0x20;

/**
 * The length of a line break at `at`, or 0: LF, CR, CRLF; `\n`, `\r` escaped once or twice;
 * JSON's `\u000a`/`\u000d`; HTML's `<br>`, `<br/>`, `<br />`.
 */
function breakAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x0a) return 1;
  if (c === 0x0d) return text.charCodeAt(at + 1) === 0x0a ? 2 : 1;
  if (c === 0x5c) {
    const n = backslashes(text, at);
    if (n > MAX_BACKSLASHES) return 0;
    const e = text.charCodeAt(at + n);
    if (e === 0x6e || e === 0x72) return n + 1;
    if (e === 0x75 && text.startsWith("000", at + n + 1)) {
      const last = lower(text.charCodeAt(at + n + 4));
      return last === 0x61 || last === 0x64 ? n + 5 : 0;
    }
    return 0;
  }
  if (
    c === 0x3c &&
    lower(text.charCodeAt(at + 1)) === 0x62 &&
    lower(text.charCodeAt(at + 2)) === 0x72
  ) {
    const d = text.charCodeAt(at + 3);
    if (d === 0x3e) return 4; // <br>
    if (d === 0x2f && text.charCodeAt(at + 4) === 0x3e) return 5; // <br/>
    if (d === 0x20 && text.charCodeAt(at + 4) === 0x2f && text.charCodeAt(at + 5) === 0x3e)
      return 6;
  }
  return 0;
}

/**
 * Past what may stand between lines of key body: breaks, spaces and tabs (indentation, a key
 * pasted onto one line), escaped tabs, and the quotes and commas of a printed list of lines.
 */
function skipSeparators(text: string, from: number): number {
  let at = from;
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || c === 0x09 || c === 0x22 || c === 0x27 || c === 0x2c) {
      at++;
      continue;
    }
    const line = breakAt(text, at);
    if (line > 0) {
      at += line;
      continue;
    }
    if (c === 0x5c) {
      const n = backslashes(text, at);
      const e = text.charCodeAt(at + n);
      if (e === 0x74 || e === 0x22 || e === 0x27) {
        at += n + 1; // `\t`, `\"`, `\'`
        continue;
      }
    }
    return at;
  }
}

/** Characters that end a one-word header value: space, tab, quotes, a backslash, `<`. */
const endsWord = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x22 || c === 0x27 || c === 0x5c || c === 0x3c;

/**
 * Where the header value from `from` ends, within 256 characters, or -1. Values are one word
 * (`Proc-Type: 4,ENCRYPTED`, `Encryption: none`, a key type), so a key printed on one line or as
 * a list of quoted lines still reads; free text (`Comment`, `Version`) runs to the line break,
 * or, on one line, to the first space.
 */
function valueEnd(text: string, from: number, freeText: boolean): number {
  const limit = Math.min(text.length, from + 256);
  // A quoted value (`Comment: "user@host"`, also JSON-escaped) runs to its closing quote.
  const quote = backslashes(text, from);
  const open = text.charCodeAt(from + quote);
  if (freeText && quote <= MAX_BACKSLASHES && (open === 0x22 || open === 0x27)) {
    const mark = text.slice(from, from + quote + 1);
    const close = text.indexOf(mark, from + quote + 1);
    return close !== -1 && close + mark.length <= limit ? close + mark.length : -1;
  }
  let space = -1;
  let quoteAt = -1;
  for (let at = from; at < limit; at++) {
    if (breakAt(text, at) > 0) return freeText || space === -1 ? at : space;
    const c = text.charCodeAt(at);
    if (!freeText && endsWord(c)) return at;
    if (quoteAt === -1 && (c === 0x22 || c === 0x27 || c === 0x5c)) quoteAt = at;
    if (space === -1 && endsWord(c)) space = at;
  }
  // No line break near: a value on one line ends at a quote (a list of lines), else a space.
  const fallback = quoteAt !== -1 ? quoteAt : space;
  if (limit === text.length) return fallback !== -1 ? fallback : limit;
  return fallback;
}

/** Headers whose value is one word; others (`Comment`, `Version`) are free text. */
const ONE_WORD_HEADERS =
  /^(?:Proc-Type|DEK-Info|Encryption|Public-Lines|Private-Lines|Private-MAC|Key-Derivation|Argon2-[A-Za-z]+)$/;

/** A `Name: value` line at `at`: where it ends and what it says, or null. */
function headerLine(text: string, at: number): { end: number; name: string; value: string } | null {
  const head = /^[A-Za-z][A-Za-z0-9-]{0,39}: ?/.exec(text.slice(at, at + 42));
  if (head === null) return null;
  const name = head[0].replace(/: ?$/, "");
  const start = at + head[0].length;
  const end = valueEnd(text, start, !ONE_WORD_HEADERS.test(name));
  if (end < start) return null;
  if (end === -1) return null;
  const value = text.slice(start, end);
  if (value.includes("-----")) return null;
  return { end, name, value };
}

/** The armor headers after a marker: where the body begins, and whether it is ciphertext. */
function skipArmorHeaders(text: string, from: number): { at: number; encrypted: boolean } {
  let at = skipSeparators(text, from);
  let encrypted = false;
  for (let n = 0; n < 8; n++) {
    const header = headerLine(text, at);
    if (header === null) break;
    if (header.name === "Proc-Type" && header.value.includes("ENCRYPTED")) encrypted = true;
    at = skipSeparators(text, header.end);
  }
  return { at, encrypted };
}

const PUTTY_MARKER = "PuTTY-User-Key-File-";

/**
 * PuTTY's header and public lines, up to `Private-Lines: N`: where the private part begins, and
 * whether it is encrypted. Never reads past the next PuTTY marker: that key is its own.
 */
function skipPuttyHeaders(text: string, from: number): { at: number; encrypted: boolean } | null {
  const next = text.indexOf(PUTTY_MARKER, from);
  const stop = next === -1 ? text.length : next;
  // The rest of the marker line: the key type, one word.
  const typeEnd = valueEnd(text, from, false);
  if (typeEnd === -1) return null;
  let at = skipSeparators(text, typeEnd);
  let encrypted = false;
  for (let n = 0; n < 64 && at < stop; n++) {
    const header = headerLine(text, at);
    if (header !== null) {
      if (header.end > stop) return null;
      if (header.name === "Encryption") encrypted = header.value !== "none";
      if (header.name === "Private-Lines") {
        return { at: skipSeparators(text, header.end), encrypted };
      }
      at = skipSeparators(text, header.end);
      continue;
    }
    const lineEnd = chunkEnd(text, at, "base64");
    if (lineEnd === at || lineEnd > stop) return null;
    at = skipSeparators(text, lineEnd);
  }
  return null;
}

/** The end of a run of key characters from `at` (`\/` is JSON's escaped slash). */
function chunkEnd(text: string, from: number, alphabet: BodyAlphabet): number {
  let at = from;
  for (;;) {
    const c = text.charCodeAt(at);
    if (alphabet === "hex" ? isHexChar(c) : isBase64Char(c)) {
      at++;
      continue;
    }
    if (alphabet === "base64" && c === 0x5c) {
      const n = backslashes(text, at);
      if (n <= MAX_BACKSLASHES && text.charCodeAt(at + n) === 0x2f) {
        at += n + 1;
        continue;
      }
    }
    return at;
  }
}

interface Body {
  /** Key characters in the regular part of the body (padding and escapes aside). */
  readonly chars: number;
  /** The first characters of key material, unescaped. */
  readonly start: string;
  readonly looksRandom: boolean;
}

/**
 * Read the body from `from`: runs of key characters between separators. Key bodies come in
 * lines of one width (64, 70, 76…; the first may be cut short by the marker line) with a shorter
 * last line, so reading stops where that pattern ends — text after a truncated key, PuTTY's
 * `Private-MAC` — and prose, whose words vary in length, counts for little. Random key bytes
 * also mix letter cases and digits (hex: digits and letters), and `XXXX…` or zeros do not.
 */
function readBody(text: string, from: number, alphabet: BodyAlphabet): Body {
  let at = skipSeparators(text, from);
  let width = -1;
  let chunks = 0;
  let chars = 0;
  let start = "";
  const seen = new Set<number>();
  for (;;) {
    const end = chunkEnd(text, at, alphabet);
    if (end === at) break;
    const chunk = text.slice(at, end).replace(/\\+\//g, "/").replace(/=+$/, "");
    chunks++;
    if (chunks === 1) width = chunk.length;
    else if (chunks === 2 && chunk.length > width) width = chunk.length;
    else if (chunk.length > width) break;
    chars += chunk.length;
    if (start.length < 24) start += chunk.slice(0, 24 - start.length);
    for (let i = 0; i < chunk.length; i++) seen.add(chunk.charCodeAt(i));
    if (chunks > 1 && chunk.length < width) break;
    at = skipSeparators(text, end);
  }
  let classes = 0;
  const any = (test: (c: number) => boolean): boolean => {
    for (const c of seen) if (test(c)) return true;
    return false;
  };
  if (any((c) => c >= 0x30 && c <= 0x39)) classes++;
  if (alphabet === "hex") {
    if (any((c) => c > 0x39)) classes++;
    return { chars, start, looksRandom: classes === 2 && seen.size >= 10 };
  }
  if (any((c) => c >= 0x41 && c <= 0x5a)) classes++;
  if (any((c) => c >= 0x61 && c <= 0x7a)) classes++;
  return { chars, start, looksRandom: classes >= 2 && seen.size >= 16 };
}

/** Whether the key the rule's marker starts at `match` is really there; its body if it has one. */
function keyAt(text: string, rule: KeyRule, match: RegExpExecArray): Body | "token" | null {
  if ("isKey" in rule) return rule.isKey(match[0]) ? "token" : null;
  const after = match.index + match[0].length;
  let bodyAt = after;
  let encrypted = false;
  if (rule.headers === "armor") {
    ({ at: bodyAt, encrypted } = skipArmorHeaders(text, after));
  } else if (rule.headers === "putty") {
    const putty = skipPuttyHeaders(text, after);
    if (putty === null) return null;
    ({ at: bodyAt, encrypted } = putty);
  }
  const body = readBody(text, bodyAt, rule.alphabet);
  if (body.chars < rule.minBody || !body.looksRandom) return null;
  return rule.bodyStart(match, body.start, encrypted) ? body : null;
}

/** Every private key in `text`, in order. Cheap when the text names no key marker at all. */
export function findPrivateKeys(text: string): KeyFinding[] {
  if (!MARKERS.test(text)) return [];
  const found: Omit<KeyFinding, "line">[] = [];
  for (const rule of KEY_RULES) {
    rule.marker.lastIndex = 0;
    for (let match = rule.marker.exec(text); match !== null; match = rule.marker.exec(text)) {
      const body = keyAt(text, rule, match);
      if (body === null) continue;
      found.push({
        rule: rule.id,
        description: rule.describe(match),
        index: match.index,
        masked:
          body === "token"
            ? `${rule.shown(match)}…`
            : `${rule.shown(match)} ${body.start.slice(0, 4)}…`,
      });
    }
  }
  found.sort((a, b) => a.index - b.index);
  // Lines counted in one pass over the text, however many findings there are.
  const findings: KeyFinding[] = [];
  let line = 1;
  let newline = text.indexOf("\n");
  for (const finding of found) {
    while (newline !== -1 && newline < finding.index) {
      line++;
      newline = text.indexOf("\n", newline + 1);
    }
    findings.push({ ...finding, line });
  }
  return findings;
}

/** A quick pre-test: every rule's marker contains one of these. */
const MARKERS = /PRIVATE KEY|PuTTY-User-Key-File-|OpenVPN Static key|AGE-SECRET-KEY-1/;
