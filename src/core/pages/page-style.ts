/**
 * The one stylesheet every page inlines (the CSP allows inline styles, and one request per page
 * is all a small site needs). System fonts, a ~40em measure, WCAG AA contrast in both schemes.
 */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --fg: #1b1b1b;
  --bg: #fdfdfc;
  --muted: #575757;
  --link: #0a4fb8;
  --visited: #6b2a91;
  --rule: #d9d9d9;
  --focus: #b84300;
  --code-bg: #f2f2f0;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6e6e6;
    --bg: #141414;
    --muted: #ababab;
    --link: #8cb8ff;
    --visited: #d0a2f7;
    --rule: #3a3a3a;
    --focus: #ffa45c;
    --code-bg: #222;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto;
  max-width: 40em;
  padding: 1rem 1.25rem 3rem;
  font: 1.125rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg);
  background: var(--bg);
  overflow-wrap: break-word;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--visited); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: 1rem; padding: 0.5rem 1rem; background: var(--bg); }
.site-header { padding: 0.5rem 0 1rem; border-bottom: 1px solid var(--rule); }
.site-title { font-weight: 700; text-decoration: none; }
.site-footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.9em; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 2rem; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; }
h3 { font-size: 1.2rem; margin: 0 0 0.25rem; }
.lede { font-size: 1.15em; color: var(--muted); margin-top: 0; }
.meta { color: var(--muted); font-size: 0.9em; margin: 0 0 0.75rem; }
.articles { list-style: none; padding: 0; margin: 0; }
.articles > li { padding: 1.25rem 0; border-bottom: 1px solid var(--rule); }
.articles > li:last-child { border-bottom: 0; }
.articles p { margin: 0.25rem 0 0; }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
.count { color: var(--muted); font-size: 0.85em; }
img, video { max-width: 100%; height: auto; }
.lead { display: block; margin: 1rem 0; border-radius: 4px; }
.episode { margin: 1.5rem 0; }
.episode audio, .episode video { width: 100%; }
.content img { display: block; margin: 1rem auto; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 4px solid var(--rule); color: var(--muted); }
code, kbd, pre, samp { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: var(--code-bg); padding: 0.75rem 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: left; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;
