const KB = 1024;
const MB = 1024 * 1024;

/** "740 KB", "6.0 MB", "1.2 GB": sizes as people read them (KB = 1024 bytes, as the peer). */
export function formatSize(bytes: number): string {
  if (bytes < MB) return `${Math.ceil(bytes / KB)} KB`;
  if (bytes < 1024 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
}

/** The limit as configured: "500 KB", "9.8 MB". */
export function formatLimit(maxKb: number): string {
  return maxKb < 1024 ? `${maxKb} KB` : formatSize(maxKb * KB);
}

/** pre-commit-hooks' rule: too large when the size in KB, rounded up, exceeds the limit. */
export function exceedsLimit(bytes: number, maxKb: number): boolean {
  return Math.ceil(bytes / KB) > maxKb;
}
