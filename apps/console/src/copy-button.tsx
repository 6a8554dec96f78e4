import { useState } from "preact/hooks";

/** Copies `text` to the clipboard; says so for screen readers too. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
    setTimeout(() => setCopied(undefined), 2000);
  };
  return (
    <button type="button" class="small" aria-label={label} onClick={() => void copy()}>
      {copied === true ? "Copied" : copied === false ? "Copy failed: select the key" : "Copy"}
    </button>
  );
}
