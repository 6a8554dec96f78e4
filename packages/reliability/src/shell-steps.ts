/** One command of a shell recipe, as a user would type it. */
export interface ShellStep {
  /** the command, a here-document with its body and end line included; without a background step's `&` */
  readonly command: string;
  /** it ended in `&`: it keeps running while the next steps run */
  readonly background: boolean;
}

/**
 * The commands of a shell code block, one per line (a here-document's lines go with the command that opens it).
 * Blank and comment lines are left out; a line ending in `&` (before any `# comment`) is a background step.
 */
export function shellSteps(block: string): ShellStep[] {
  const steps: ShellStep[] = [];
  const lines = block.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const heredoc = /<<-?\s*(['"]?)([A-Za-z_]\w*)\1/.exec(line);
    if (heredoc !== null) {
      const end = lines.findIndex((l, j) => j > i && l === heredoc[2]);
      if (end < 0) throw new Error(`the here-document opened by "${line}" has no ${heredoc[2]} line`);
      steps.push({ command: lines.slice(i, end + 1).join("\n"), background: false });
      i = end;
      continue;
    }
    // a trailing comment starts at a `#` after a blank; the recipe's commands quote no `#`
    const code = line.replace(/\s+#.*$/, "").trimEnd();
    const background = code.endsWith("&") && !code.endsWith("&&");
    steps.push({ command: background ? code.slice(0, -1).trimEnd() : line, background });
  }
  return steps;
}
