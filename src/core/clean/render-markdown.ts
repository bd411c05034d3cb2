/** Markdown → HTML. The result is untrusted until it has been through `cleanHtml`. */
import MarkdownIt from "markdown-it";

// `html: true` lets inline HTML through to the sanitiser, which decides what survives.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });
// Fuzzy links would turn file names like `README.md` or `setup.py` into links to TLDs.
markdown.linkify.set({ fuzzyLink: false });

/** Render a Markdown body; fenced code stays escaped text with `class="language-*"`. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
