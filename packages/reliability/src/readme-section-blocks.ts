/**
 * The fenced code blocks of one language (```sh, ```ts) in one section of a Markdown document: from the
 * `## heading` line to the next heading of that level or above. Throws when the heading is missing, so that a
 * renamed section fails the test that runs it instead of leaving it with nothing to run.
 */
export function readmeSectionBlocks(markdown: string, heading: string, lang: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, "") === heading);
  if (start < 0) throw new Error(`no section "${heading}" in the document: was it renamed?`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const next = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}} `).test(l));
  const section = lines.slice(start + 1, next < 0 ? undefined : next).join("\n");
  const fence = new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm");
  return [...section.matchAll(fence)].map((m) => m[1]!);
}
