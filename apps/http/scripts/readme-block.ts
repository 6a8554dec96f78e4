/** The text between `<!-- name:start ... -->` and `<!-- name:end -->` in a markdown file, or undefined without markers. */
export function blockBetweenMarkers(text: string, name: string): string | undefined {
  const m = new RegExp(`<!-- ${name}:start[^>]*-->\\n([\\s\\S]*?)<!-- ${name}:end -->`).exec(text);
  return m?.[1];
}

/** The text with the block between the markers replaced. */
export function replaceBetweenMarkers(text: string, name: string, block: string): string {
  if (blockBetweenMarkers(text, name) === undefined)
    throw new Error(`no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
  return text.replace(
    new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`),
    (_, start: string, end: string) => `${start}${block}${end}`,
  );
}
