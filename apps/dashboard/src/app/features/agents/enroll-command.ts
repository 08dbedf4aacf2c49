/** The command a DBA runs on the database host to enroll its agent with this console. */
export function enrollCommand(consoleUrl: string, token: string): string {
  const quotedUrl = shellQuote(consoleUrl);
  return `npm run -s agent -- enroll --console ${quotedUrl} --token ${shellQuote(token)}`;
}

/** Single-quotes a value for a POSIX shell, so nothing in it is interpreted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
