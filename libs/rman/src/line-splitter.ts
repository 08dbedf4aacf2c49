/**
 * Turns output chunks, cut anywhere, into whole lines: `\n`, `\r\n` and a lone `\r` all end
 * a line; a chunk boundary between `\r` and `\n` does not make an empty line.
 */
export class LineSplitter {
  private pending = '';
  private skipLf = false;

  /** Calls `emit` for each line the chunk completes. */
  push(chunk: string, emit: (line: string) => void): void {
    let start = 0;

    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10 && this.skipLf) {
        this.skipLf = false;
        start = i + 1;
        continue;
      }
      this.skipLf = false;
      if (c !== 10 && c !== 13) continue;
      emit(this.pending + chunk.slice(start, i));
      this.pending = '';
      this.skipLf = c === 13;
      start = i + 1;
    }

    this.pending += chunk.slice(start);
  }

  /** Emits the last line when the output did not end with a newline. */
  flush(emit: (line: string) => void): void {
    if (this.pending !== '') emit(this.pending);
    this.pending = '';
    this.skipLf = false;
  }
}

/** Splits what `feed` was given into lines: usually one line, sometimes several or a CRLF. */
export function eachLine(text: string, emit: (line: string) => void): void {
  if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
    emit(text);
    return;
  }

  const splitter = new LineSplitter();
  splitter.push(text, emit);
  splitter.flush(emit);
}
