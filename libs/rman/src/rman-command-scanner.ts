/** One RMAN command of a script, as a DBA wrote it, with its quoted strings set apart. */
export interface ScannedCommand {
  /** The command with quoted strings replaced by `''`, upper-cased, blanks collapsed. */
  bare: string;
  /** The quoted strings of the command, in order, without their quotes. */
  strings: string[];
  /** 1-based line where the command starts. */
  line: number;
  /** RUN block depth at the start of the command (0 = top level). */
  depth: number;
}

export interface ScannedScript {
  commands: ScannedCommand[];
  /** A quote opened and never closed: RMAN would read the rest of the file as one string. */
  unterminatedQuoteAtLine: number | null;
}

interface ScanState {
  commands: ScannedCommand[];
  bare: string;
  strings: string[];
  line: number;
  startLine: number;
  depth: number;
}

/**
 * Splits an RMAN script into commands at `;`, `{` and `}` outside quotes and `#` comments.
 * Good enough to find the commands a script runs; it is not an RMAN parser.
 */
export function scanRmanScript(script: string): ScannedScript {
  const state: ScanState = { commands: [], bare: '', strings: [], line: 1, startLine: 1, depth: 0 };
  let i = 0;

  while (i < script.length) {
    const ch = script[i];

    if (ch === "'" || ch === '"') {
      const quoted = readQuoted(script, i);
      if (!quoted) return { commands: state.commands, unterminatedQuoteAtLine: state.line };
      state.strings.push(quoted.text);
      state.bare += "''";
      state.line += countNewlines(script.slice(i, quoted.end));
      i = quoted.end;
      continue;
    }

    i = scanPlain(script, i, state);
  }

  endCommand(state);
  return { commands: state.commands, unterminatedQuoteAtLine: null };
}

function scanPlain(script: string, i: number, state: ScanState): number {
  const ch = script[i];

  if (ch === '#') {
    const eol = script.indexOf('\n', i);
    return eol < 0 ? script.length : eol;
  }

  if (ch === ';' || ch === '{' || ch === '}') {
    endCommand(state);
    if (ch === '{') state.depth++;
    if (ch === '}') state.depth = Math.max(0, state.depth - 1);
    return i + 1;
  }

  if (ch === '\n') state.line++;
  if (state.bare.trim() === '') state.startLine = state.line;
  state.bare += ch;
  return i + 1;
}

function endCommand(state: ScanState): void {
  const bare = state.bare.replace(/\s+/g, ' ').trim().toUpperCase();

  if (bare.length > 0) {
    state.commands.push({
      bare,
      strings: state.strings,
      line: state.startLine,
      depth: state.depth,
    });
  }

  state.bare = '';
  state.strings = [];
  state.startLine = state.line;
}

/**
 * The string opened by the quote at `start`, as RMAN reads it: the same quote doubled stands
 * for one quote and does not close the string. Null when the string is never closed.
 */
function readQuoted(script: string, start: number): { text: string; end: number } | null {
  const quote = script[start];
  let text = '';
  let from = start + 1;

  for (;;) {
    const close = script.indexOf(quote, from);
    if (close < 0) return null;
    text += script.slice(from, close);
    if (script[close + 1] !== quote) return { text, end: close + 1 };
    text += quote;
    from = close + 2;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
