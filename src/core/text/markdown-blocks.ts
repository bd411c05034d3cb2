/** Titles and summaries from markdown-it's own tokens, so they match the page it renders. */
import MarkdownIt, { type Token } from "markdown-it";
import { foldWhitespace, stripTags } from "./plain-text.js";

// Configured as render-markdown.ts's instance: the same blocks, the same inline reading.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });
markdown.linkify.set({ fuzzyLink: false });

/** A top-level Markdown block, as far as titles and summaries need to know. */
export type MarkdownBlock =
  | { readonly kind: "heading"; readonly level: number; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "html"; readonly text: string };

/** Characters block-parsed first; most first headings and paragraphs lie well inside them. */
const PREFIX_CHARS = 1024;

// A `]` not opening an inline link: a reference link, whose definition may come later.
const REFERENCE_LIKE = /\](?!\()/;

type Env = Record<string, unknown>;

/**
 * The top-level headings, paragraphs and HTML blocks of a Markdown body, in order, with their
 * plain text (read on first use). A prefix ending at a blank line is parsed first: blocks that
 * close before it are the same in the whole document. Code, lists, quotes and tables are skipped.
 */
export function* readMarkdownBlocks(source: string): Generator<MarkdownBlock> {
  const body = normalizeLineEnds(source);
  const blank = body.indexOf("\n\n", PREFIX_CHARS);
  let resumeLine = 0;
  if (blank !== -1) {
    const prefix = body.slice(0, blank + 2);
    const safeLine = countNewlines(prefix, blank + 1);
    const env: Env = {};
    for (const { token, inline } of topLevelTokens(blockTokens(prefix, env))) {
      const [start, end] = token.map ?? [0, 0];
      if (end > safeLine || (inline !== undefined && REFERENCE_LIKE.test(inline.content))) break;
      resumeLine = start + 1;
      const block = toBlock(token, inline, env);
      if (block !== undefined) yield block;
    }
  }
  const env: Env = {};
  for (const { token, inline } of topLevelTokens(blockTokens(body, env))) {
    if ((token.map?.[0] ?? 0) < resumeLine) continue;
    const block = toBlock(token, inline, env);
    if (block !== undefined) yield block;
  }
}

/** The plain text markdown-it reads in one line of inline Markdown. */
export function markdownInlineText(source: string): string {
  const env: Env = {};
  return inlineText(normalizeLineEnds(source), env);
}

function blockTokens(body: string, env: Env): Token[] {
  const tokens: Token[] = [];
  markdown.block.parse(body, markdown, env, tokens);
  return tokens;
}

function* topLevelTokens(tokens: Token[]): Generator<{ token: Token; inline?: Token }> {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (token.level !== 0 || token.nesting === -1 || token.map === null) continue;
    const next = tokens[index + 1];
    yield next?.type === "inline" ? { token, inline: next } : { token };
  }
}

function toBlock(token: Token, inline: Token | undefined, env: Env): MarkdownBlock | undefined {
  if (token.type === "html_block") return { kind: "html", text: token.content };
  if (inline === undefined) return undefined;
  // The inline text is read only when asked for: a caller looking for a heading skips paragraphs.
  let text: string | undefined;
  const readText = (): string => {
    text ??= inlineText(inline.content, env);
    return text;
  };
  if (token.type === "heading_open") {
    const level = Number(token.tag.slice(1));
    return {
      kind: "heading",
      level,
      get text() {
        return readText();
      },
    };
  }
  if (token.type === "paragraph_open") {
    return {
      kind: "paragraph",
      get text() {
        return readText();
      },
    };
  }
  return undefined;
}

const INVISIBLE_OPEN = /^<(script|style|template|noscript)\b/i;
// Images are left out, as their alt text is not part of the prose.
const TEXT_TOKENS = new Set(["text", "text_special", "code_inline"]);
const MAX_INLINE_CHARS = 2000;

function inlineText(content: string, env: Env): string {
  const children: Token[] = [];
  // Bounded like every text helper here: a summary needs the start of a paragraph only.
  markdown.inline.parse(content.slice(0, MAX_INLINE_CHARS), markdown, env, children);
  let text = "";
  let invisibleClose: RegExp | undefined;
  for (const child of children) {
    if (invisibleClose !== undefined) {
      if (child.type === "html_inline" && invisibleClose.test(child.content)) {
        invisibleClose = undefined;
      }
      continue;
    }
    if (child.type === "html_inline") {
      const open = INVISIBLE_OPEN.exec(child.content);
      if (open !== null) invisibleClose = new RegExp(`^</${open[1]}\\s*>$`, "i");
      else text += stripTags(child.content);
    } else if (child.type === "softbreak" || child.type === "hardbreak") {
      text += " ";
    } else if (TEXT_TOKENS.has(child.type)) {
      text += child.content;
    }
  }
  return foldWhitespace(text);
}

function normalizeLineEnds(text: string): string {
  // markdown-it's own normalisation, done before its block parser runs.
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (
    let index = text.indexOf("\n");
    index !== -1 && index < end;
    index = text.indexOf("\n", index + 1)
  ) {
    count += 1;
  }
  return count;
}
