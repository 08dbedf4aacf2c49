/** Tokens of the RMAN command language, with their position for RMAN-01007. */
export interface RmanToken {
  kind: 'word' | 'string' | 'punct';
  /** Words upper-cased; strings without their quotes (doubled quotes kept as written). */
  value: string;
  raw: string;
  line: number;
  column: number;
}

const PUNCT = new Set([';', '{', '}', ',', '=', '(', ')']);

function isWordChar(ch: string): boolean {
  return !/\s/.test(ch) && !PUNCT.has(ch) && ch !== "'" && ch !== '"' && ch !== '#';
}

/** Splits RMAN input into tokens; `#` starts a comment to the end of the line. */
export function tokenizeRman(text: string): RmanToken[] {
  const tokens: RmanToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (kind: RmanToken['kind'], value: string, raw: string, start: number): void => {
    tokens.push({ kind, value, raw, line, column: start - lineStart + 1 });
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      line += 1;
      lineStart = i + 1;
      i += 1;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === "'" || ch === '"') {
      const end = closingQuote(text, i);
      push('string', text.slice(i + 1, end), text.slice(i, end + 1), i);
      i = end + 1;
    } else if (PUNCT.has(ch)) {
      push('punct', ch, ch, i);
      i += 1;
    } else {
      const start = i;
      while (i < text.length && isWordChar(text[i])) i += 1;
      push('word', text.slice(start, i).toUpperCase(), text.slice(start, i), start);
    }
  }

  return tokens;
}

/** Finds the closing quote; a doubled quote inside the string is part of it. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  let i = open + 1;

  while (i < text.length) {
    if (text[i] === quote && text[i + 1] === quote) i += 2;
    else if (text[i] === quote) return i;
    else i += 1;
  }

  return text.length;
}
