// What a service prints passes through here before it reaches its log file or the tail shown on
// failure: secrets are redacted on whole lines, so a token split across two pipe chunks is still
// seen whole. services/ does not know what a secret looks like; the runner passes the redaction in.

/** A PEM block opened and not yet closed: its body lines must not go out before the END line. */
const OPEN_PEM_BLOCK = /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?![\s\S]*-----END)/;
/** A line longer than this goes out redacted as it is, rather than growing the buffer without bound. */
const MAX_HELD_CHARS = 64 * 1024;

export class LineRedactor {
  private held = '';

  constructor(
    private readonly redact: (text: string) => string,
    private readonly emit: (text: string) => void,
  ) {}

  /** Takes a chunk; emits every whole line it completes, redacted, and holds the rest. */
  push(chunk: string): void {
    const text = this.held + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0 || (OPEN_PEM_BLOCK.test(text) && text.length <= MAX_HELD_CHARS)) {
      this.held = text;
      if (this.held.length > MAX_HELD_CHARS) this.flush();
      return;
    }
    this.held = text.slice(end + 1);
    this.emit(this.redact(text.slice(0, end + 1)));
  }

  /** Emits whatever is held (an unterminated last line), redacted. */
  flush(): void {
    if (this.held === '') return;
    const rest = this.held;
    this.held = '';
    this.emit(this.redact(rest));
  }
}
