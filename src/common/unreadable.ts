// Why a file could not be read, in words for a message whose location already names the file.

/** `no such file`, `a directory, not a file`, or the system's code for anything else. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a directory, not a file';
  return code ?? String(error);
}
