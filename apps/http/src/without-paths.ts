// an absolute POSIX or Windows path, after the start, a space, a quote or a bracket
const absolutePath = /(^|[\s'"`(=])((?:\/|[A-Za-z]:\\)[^\s'"`),]*)/g;

/** The text with every absolute file path cut to its last part (`open '/home/u/.lnd/tls.cert'` becomes `open 'tls.cert'`). */
export function withoutPaths(text: string): string {
  return text.replace(absolutePath, (_, before: string, path: string) => {
    const last = path.split(/[\\/]/).filter(Boolean).pop();
    return `${before}${last ?? ""}`;
  });
}
