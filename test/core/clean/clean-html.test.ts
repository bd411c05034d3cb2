import { readFileSync } from "node:fs";
import { type CheerioAPI, load } from "cheerio";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import config from "../../../config/default.json" with { type: "json" };
import { type CleanOptions, cleanHtml } from "../../../src/core/clean/clean-html.js";
import { findInvalidSelectors } from "../../../src/core/clean/junk-selectors.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/clean/${name}`, import.meta.url), "utf8");

const BASE = "https://news.example.org/2024/harbour/";

function options(overrides: Partial<CleanOptions> = {}): CleanOptions {
  return {
    baseUrl: BASE,
    title: "Harbour Town Votes To Keep Its Night Ferry Running",
    junkSelectors: config.clean.junkSelectors,
    ...overrides,
  };
}

const clean = (html: string, overrides?: Partial<CleanOptions>): string =>
  cleanHtml(html, options(overrides));

/** Element names in document order and the non-blank text runs: the shape a reader sees. */
function outline(html: string): { tags: string; text: string } {
  const $ = load(html, null, false);
  const tags = $.root()
    .find("*")
    .toArray()
    .map((element) => element.tagName)
    .join(" ");
  const runs = $.root()
    .find("*")
    .addBack()
    .contents()
    .toArray()
    .filter((node) => node.type === "text")
    .map((node) => $(node).text().replace(/\s+/g, " ").trim())
    .filter((text) => text !== "");
  return { tags, text: runs.join("|") };
}

const FORBIDDEN_TAGS =
  "script, style, iframe, object, embed, form, input, button, base, meta, link, svg, math, " +
  "frame, frameset, template, noscript, applet, textarea, select";
const URL_ATTRIBUTES = ["href", "src", "srcset", "poster", "cite"];

/** Every property the sanitiser promises, checked on the parsed output. */
function expectSafe(html: string): CheerioAPI {
  const $ = load(html, null, false);
  expect($(FORBIDDEN_TAGS).length).toBe(0);
  for (const element of $.root().find("*").toArray()) {
    for (const [name, value] of Object.entries(element.attribs)) {
      expect(name).not.toMatch(/^on|^style$|^srcdoc$|^id$|^target$/);
      if (URL_ATTRIBUTES.includes(name)) expect(value).toMatch(/^(https?:\/\/|mailto:|tel:)/);
    }
  }
  return $;
}

function expectXmlSafe(html: string): void {
  const escaped = html.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  expect(XMLValidator.validate(`<content>${escaped}</content>`)).toBe(true);
  expect(XMLValidator.validate(`<content><![CDATA[${html}]]></content>`)).toBe(true);
}

describe("cleanHtml: scrape junk", () => {
  it.each([
    {
      name: "empty paragraph",
      html: "<p>One</p><p></p><p>Two</p>",
      tags: "p p",
      text: "One|Two",
    },
    {
      name: "whitespace and &nbsp; paragraphs",
      html: "<p>One</p>  <p> \n </p><p>&nbsp;</p><p>&#8203;</p><p><br></p><p>Two</p>",
      tags: "p p",
      text: "One|Two",
    },
    {
      name: "nested empty paragraphs (ScrollSpy container)",
      html: '<p>One</p><p class="ScrollSpy_container"><p></p></p><p>Two</p>',
      tags: "p p",
      text: "One|Two",
    },
    {
      name: "empty wrappers nested several deep",
      html: "<p>One</p><div><div><figure><figcaption> </figcaption></figure></div></div>",
      tags: "p",
      text: "One",
    },
    {
      name: "ad slot",
      html: '<p>One</p><p class="Ad incontentTeads incontentTeads--story ad-slot"></p><p>Two</p>',
      tags: "p p",
      text: "One|Two",
    },
    {
      name: "ad slot that has content",
      html: '<p>One</p><div class="ad-slot"><p>Buy now</p></div>',
      tags: "p",
      text: "One",
    },
    {
      name: "ad backstage",
      html: '<p>One</p><p id="ad-backstage-News" class="ad-backstage">Sponsored</p>',
      tags: "p",
      text: "One",
    },
    {
      name: "1×1 data: GIF placeholder",
      html: '<p>One</p><img alt="PHOTO: x" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">',
      tags: "p",
      text: "One",
    },
    { name: "img without src", html: '<p>One</p><img alt="">', tags: "p", text: "One" },
    { name: "img with empty src", html: '<p>One</p><img src=" " alt="x">', tags: "p", text: "One" },
    {
      name: "Enlarge this image link",
      html: '<img src="a.jpg" alt=""><a class="enlargelink" href="big.jpg">Enlarge this image</a>',
      tags: "img",
      text: "",
    },
    {
      name: "Enlarge this image link without its class",
      html: '<img src="a.jpg" alt=""><a href="big.jpg">Enlarge this image</a>',
      tags: "img",
      text: "",
    },
    {
      name: "toggle caption widget and the wrapper it leaves empty",
      html: '<p>One</p><p class="caption-wrap">\n  <b class="toggle-caption"><b>toggle caption</b></b>\n</p>',
      tags: "p",
      text: "One",
    },
    {
      name: "caption wrapper that still holds a caption is kept",
      html: '<div class="caption-wrap"><p>Boats at dawn.</p><b class="toggle-caption">toggle caption</b></div>',
      tags: "div p",
      text: "Boats at dawn.",
    },
    {
      name: "empty Caption__Wrapper and RatioFrame",
      html: '<p class="RatioFrame aspect-ratio--auto"></p><p class="Caption__Wrapper"></p><p>One</p>',
      tags: "p",
      text: "One",
    },
    {
      name: "RatioFrame holding the real image is kept",
      html: '<div class="RatioFrame"><img src="https://cdn.example.net/a.jpg" alt="A"></div>',
      tags: "div img",
      text: "",
    },
    {
      name: "credit repeated inside image_data",
      html: '<p class="credit">Mira Okafor</p><p class="image_data"><p class="credit">Mira Okafor</p></p><p>One</p>',
      tags: "p p",
      text: "Mira Okafor|One",
    },
    {
      name: "leading h1 repeating the title",
      html: "<h1>Harbour Town Votes To Keep Its Night Ferry Running</h1><p>One</p>",
      tags: "p",
      text: "One",
    },
    {
      name: "leading h1 in a storytitle paragraph",
      html: '<div><p class="storytitle">\n  <h1>Harbour Town Votes To Keep Its Night Ferry Running</h1>\n</p><p>One</p></div>',
      tags: "div p",
      text: "One",
    },
    {
      name: "leading h1 in a wrapper div, other case and spacing",
      html: '<div class="storytitle"><h1>  harbour town votes\n to keep its <em>night ferry</em> running </h1></div><p>One</p>',
      tags: "p",
      text: "One",
    },
    {
      name: "leading h1 with another text is kept",
      html: "<h1>Ferry timetable</h1><p>One</p>",
      tags: "h1 p",
      text: "Ferry timetable|One",
    },
    {
      name: "h1 repeating the title after text is kept",
      html: "<p>One</p><h1>Harbour Town Votes To Keep Its Night Ferry Running</h1>",
      tags: "p h1",
      text: "One|Harbour Town Votes To Keep Its Night Ferry Running",
    },
  ])("removes $name", ({ html, tags, text }) => {
    expect(outline(clean(html))).toEqual({ tags, text });
  });

  it("cleans a whole junk-laden scrape", () => {
    const out = clean(fixture("scrape-junk.html"));
    const $ = expectSafe(out);
    expect($("h1").length).toBe(0);
    expect(
      $("img")
        .toArray()
        .map((img) => img.attribs),
    ).toEqual([
      {
        src: "https://media.example.net/img/2024/05/ferry-dusk-s800.jpg",
        alt: "The night ferry leaving the harbour at dusk.",
      },
    ]);
    expect(out).not.toMatch(/Enlarge this image|toggle caption|class=|id=|target=/);
    expect(out.match(/Mira Okafor/g)).toHaveLength(1);
    expect($("p").length).toBe(6);
    expect($("p").filter((_, p) => $(p).text().trim() === "").length).toBe(0);
    expect(
      $("a")
        .toArray()
        .map((a) => a.attribs.href),
    ).toEqual([
      "https://news.example.net/tags/council",
      "https://news.example.org/reports/ferry-2024.pdf",
      "https://news.example.org/2024/harbour/#vote",
    ]);
    expect($("strong").text()).toBe("£40,000");
  });

  it("keeps working when a configured selector is invalid", () => {
    const out = clean('<p class="ad-slot">Ad</p><p>One</p>', {
      junkSelectors: ["p:nonsense(", ".ad-slot"],
    });
    expect(outline(out)).toEqual({ tags: "p", text: "One" });
  });

  it("applies no selector when the list is empty, but still drops empty paragraphs", () => {
    expect(outline(clean('<p class="ad-slot">Ad</p><p></p>', { junkSelectors: [] }))).toEqual({
      tags: "p",
      text: "Ad",
    });
  });
});

describe("findInvalidSelectors", () => {
  it("names only the selectors cheerio cannot use", () => {
    expect(findInvalidSelectors(["p", "p:nonsense", "[", ...config.clean.junkSelectors])).toEqual([
      "p:nonsense",
      "[",
    ]);
  });
});

describe("cleanHtml: allow-list", () => {
  it.each([
    {
      name: "id, class and style dropped",
      html: '<p id="x" class="lead" style="color:red">Hi</p>',
      out: "<p>Hi</p>",
    },
    {
      name: "target and rel dropped from links",
      html: '<a href="https://a.example/" target="_blank" rel="noopener">a</a>',
      out: '<a href="https://a.example/">a</a>',
    },
    {
      name: "span, font and custom elements unwrapped",
      html: '<p><span class="x">one</span> <font color="red">two</font> <x-note>three</x-note></p>',
      out: "<p>one two three</p>",
    },
    {
      name: "section, article and center become div",
      html: "<section>one</section><article>two</article><center>three</center>",
      out: "<div>one</div><div>two</div><div>three</div>",
    },
    {
      name: "language class kept on code, other classes dropped",
      html: '<pre class="x"><code class="hljs language-c++ wide">a &lt; b</code></pre>',
      out: '<pre><code class="language-c++">a &lt; b</code></pre>',
    },
    {
      name: "link without a usable href unwrapped",
      html: '<p><a name="top">top</a> <a href="javascript:void(0)">js</a></p>',
      out: "<p>top js</p>",
    },
    {
      name: "table attributes kept",
      html: '<table><tbody><tr><th scope="col" colspan="2" style="x">h</th></tr></tbody></table>',
      out: '<table><tbody><tr><th scope="col" colspan="2">h</th></tr></tbody></table>',
    },
    {
      name: "global attributes kept",
      html: '<p lang="fr" dir="ltr" title="t" data-x="1">bonjour</p>',
      out: '<p lang="fr" dir="ltr" title="t">bonjour</p>',
    },
    {
      name: "comments removed",
      html: "<p>one<!-- tracking pixel --> two</p>",
      out: "<p>one two</p>",
    },
    {
      name: "a newline that starts a pre survives a second parse",
      html: "<pre>\n\nindented</pre>",
      out: "<pre>\n\nindented</pre>",
    },
  ])("$name", ({ html, out }) => {
    expect(clean(html)).toBe(out);
  });
});

describe("cleanHtml: XSS vectors", () => {
  // Rows follow the OWASP XSS Filter Evasion Cheat Sheet, limited to what fits in a fragment.
  it.each([
    { name: "script element", html: "<SCRIPT SRC=https://xss.example/x.js></SCRIPT>" },
    { name: "inline script", html: "<p>a</p><script>alert('XSS')</script>" },
    { name: "javascript: img src", html: `<IMG SRC="javascript:alert('XSS');">` },
    { name: "javascript: without quotes", html: "<IMG SRC=javascript:alert('XSS')>" },
    { name: "mixed case scheme", html: "<IMG SRC=JaVaScRiPt:alert('XSS')>" },
    { name: "grave accents", html: '<IMG SRC=`javascript:alert("XSS")`>' },
    { name: "event handler on a", html: '<a onmouseover="alert(1)">xxs link</a>' },
    { name: "malformed img", html: '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>' },
    { name: "img onerror", html: "<img src=x onerror=alert(1)>" },
    {
      name: "fromCharCode onerror",
      html: '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    },
    {
      name: "decimal entities",
      html: "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    },
    {
      name: "zero-padded decimal entities without semicolons",
      html: "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041>",
    },
    {
      name: "hex entities without semicolons",
      html: "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>",
    },
    { name: "embedded tab", html: `<IMG SRC="jav\tascript:alert('XSS');">` },
    { name: "encoded tab", html: `<IMG SRC="jav&#x09;ascript:alert('XSS');">` },
    { name: "encoded newline", html: `<a href="jav&#x0A;ascript:alert(1)">x</a>` },
    { name: "encoded carriage return", html: `<a href="jav&#x0D;ascript:alert(1)">x</a>` },
    { name: "NUL inside the scheme", html: '<IMG SRC="java\0script:alert(1)">' },
    { name: "spaces and &#14; before", html: `<IMG SRC=" &#14;  javascript:alert('XSS');">` },
    { name: "&#14; before in a link", html: '<a href="&#14;javascript:alert(1)">x</a>' },
    { name: "named entity colon", html: '<a href="javascript&colon;alert(1)">x</a>' },
    { name: "leading space", html: '<a href=" javascript:alert(1)">x</a>' },
    { name: "vbscript:", html: `<IMG SRC='vbscript:msgbox("XSS")'>` },
    {
      name: "non-alpha after tag name",
      html: '<SCRIPT/XSS SRC="http://xss.example/x.js"></SCRIPT>',
    },
    { name: "extra open bracket", html: '<<SCRIPT>alert("XSS");//\\<</SCRIPT>' },
    { name: "unclosed script", html: "<SCRIPT SRC=http://xss.example/xss.js?< B >" },
    { name: "protocol-relative script", html: "<SCRIPT SRC=//xss.example/.j>" },
    { name: "unclosed iframe", html: "<iframe src=http://xss.example/scriptlet.html <" },
    { name: "end title tag", html: '</TITLE><SCRIPT>alert("XSS");</SCRIPT>' },
    { name: "svg onload", html: "<svg/onload=alert('XSS')>" },
    {
      name: "svg with script",
      html: "<svg><script>alert(1)</script><a xlink:href='x'>s</a></svg>",
    },
    { name: "body onload", html: '<BODY ONLOAD=alert("XSS")><p>x</p>' },
    { name: "input image", html: `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">` },
    {
      name: "img dynsrc and lowsrc",
      html: `<IMG DYNSRC="javascript:a()" LOWSRC="javascript:a()">`,
    },
    { name: "iframe javascript:", html: `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>` },
    { name: "iframe srcdoc", html: `<iframe srcdoc="<script>alert(1)</script>"></iframe>` },
    { name: "srcdoc on an allowed element", html: '<p srcdoc="<script>alert(1)</script>">x</p>' },
    { name: "frameset", html: `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>` },
    {
      name: "meta refresh",
      html: `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
    },
    {
      name: "meta refresh to data:",
      html: '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD4=">',
    },
    { name: "base href", html: `<BASE HREF="javascript:alert('XSS');//"><a href="x">x</a>` },
    { name: "link stylesheet", html: `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">` },
    { name: "style element", html: "<STYLE>@import'http://xss.example/xss.css';</STYLE>" },
    {
      name: "list-style-image",
      html: `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
    },
    {
      name: "style background url",
      html: `<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>`,
    },
    {
      name: "style with unicode escapes",
      html: `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061vascript:a()'\\0029">x</DIV>`,
    },
    { name: "CSS expression", html: `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>` },
    {
      name: "commented expression on img",
      html: `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))" src="a.png">`,
    },
    { name: "anonymous element with style", html: `<XSS STYLE="behavior: url(xss.htc);">x</XSS>` },
    { name: "table background", html: `<TABLE BACKGROUND="javascript:alert('XSS')"><tr><td>x` },
    {
      name: "td background",
      html: `<TABLE><TD BACKGROUND="javascript:alert('XSS')">x</TD></TABLE>`,
    },
    {
      name: "object",
      html: '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/s.html"></OBJECT>',
    },
    { name: "embed svg data:", html: '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz4=">' },
    {
      name: "XML data island with a comment in the scheme",
      html: `<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert('XSS')"></B></I></XML>`,
    },
    {
      name: "downlevel-hidden conditional comment",
      html: "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    },
    { name: "a href javascript:", html: `<A HREF="javascript:document.location='x'">XSS</A>` },
    { name: "a href data: html", html: '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>' },
    {
      name: "img src data: svg",
      html: '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    },
    { name: "img src data: png", html: '<img src="data:image/png;base64,iVBORw0KGgo=">' },
    { name: "srcset javascript: candidate", html: '<img srcset="javascript:alert(1) 1x">' },
    { name: "video poster", html: '<video poster="javascript:alert(1)" src="v.mp4"></video>' },
    { name: "source src", html: '<video><source src="javascript:alert(1)"></video>' },
    { name: "blockquote cite", html: '<blockquote cite="javascript:alert(1)">q</blockquote>' },
    {
      name: "details ontoggle",
      html: "<details open ontoggle=alert(1)><summary>s</summary></details>",
    },
    {
      name: "form action and button formaction",
      html: '<form action="javascript:a()"><button formaction="javascript:a()">go</button></form>',
    },
    { name: "template", html: "<template><img src=x onerror=alert(1)></template>" },
    {
      name: "noscript mutation",
      html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    },
    {
      name: "math mutation",
      html: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    },
    { name: "CDATA section", html: "<![CDATA[<script>alert(1)</script>]]>" },
    { name: "nested unclosed tags", html: "<p><b><i><a href='javascript:x'>unclosed" },
    { name: "processing instruction", html: '<?xml-stylesheet href="javascript:a()"?><p>x</p>' },
  ])("neutralises $name", ({ html }) => {
    const out = clean(html);
    expectSafe(out);
    // What survives is inert: text, or a relative path such as `…/javas%3C!--%20--%3Ecript:`.
    expect(out).not.toMatch(/<script|="\s*javascript:/i);
    expectXmlSafe(out);
  });

  it("neutralises the whole vector collection and keeps the text around it", () => {
    const out = clean(fixture("xss-vectors.html"));
    const $ = expectSafe(out);
    expect($("p").first().text()).toBe("SAFE-START");
    expect($("p").last().text()).toBe("SAFE-END");
    expect(out).not.toMatch(/<script|="\s*javascript:|onerror=|onload=|onmouseover=/i);
    expect($("li").text()).toBe("list item");
    expect($("td").text()).toBe("cell");
    expectXmlSafe(out);
  });

  it.each([
    { name: "in text", html: "<p>x]]>y</p>" },
    { name: "in an attribute", html: '<p title="]]>">x</p>' },
  ])("never emits ]]> $name", ({ html }) => {
    const out = clean(html);
    expect(out).not.toContain("]]>");
    expect(load(out, null, false).root().text()).toContain(html.includes("title") ? "x" : "]]>");
    expectXmlSafe(out);
  });
});

describe("cleanHtml: URLs", () => {
  const PAGE = "https://news.example.org/articles/night-ferry";

  it.each([
    { name: "relative href", html: '<a href="timetable.html">t</a>', url: `${BASE}timetable.html` },
    {
      name: "parent href",
      html: '<a href="../map.html">t</a>',
      url: "https://news.example.org/2024/map.html",
    },
    {
      name: "root-relative href",
      html: '<a href="/about">t</a>',
      url: "https://news.example.org/about",
    },
    { name: "fragment without a page URL", html: '<a href="#vote">t</a>', url: `${BASE}#vote` },
    { name: "query", html: '<a href="?page=2">t</a>', url: `${BASE}?page=2` },
    {
      name: "protocol-relative",
      html: '<a href="//cdn.example.net/x">t</a>',
      url: "https://cdn.example.net/x",
    },
    {
      name: "absolute left alone",
      html: '<a href="https://a.example/b?c#d">t</a>',
      url: "https://a.example/b?c#d",
    },
    {
      name: "mailto",
      html: '<a href="mailto:desk@example.org">t</a>',
      url: "mailto:desk@example.org",
    },
    { name: "tel", html: '<a href="tel:+441234567">t</a>', url: "tel:+441234567" },
    { name: "spaces encoded", html: '<a href=" my file.pdf ">t</a>', url: `${BASE}my%20file.pdf` },
    { name: "img src", html: '<img src="img/pier.jpg" alt="">', url: `${BASE}img/pier.jpg` },
    { name: "video poster", html: '<video poster="p.jpg" controls></video>', url: `${BASE}p.jpg` },
    {
      name: "blockquote cite",
      html: '<blockquote cite="/src">q</blockquote>',
      url: "https://news.example.org/src",
    },
  ])("makes $name absolute", ({ html, url }) => {
    const element = load(clean(html), null, false)("a, img, video, blockquote")[0];
    const attribs = element?.attribs ?? {};
    expect(attribs.href ?? attribs.src ?? attribs.poster ?? attribs.cite).toBe(url);
  });

  it("resolves a fragment against the page URL when given", () => {
    expect(clean('<a href="#vote">t</a>', { pageUrl: PAGE })).toBe(`<a href="${PAGE}#vote">t</a>`);
  });

  it("resolves protocol-relative URLs with the base URL's scheme", () => {
    expect(clean('<img src="//cdn.example.net/a.png">', { baseUrl: "http://plain.example/" })).toBe(
      '<img src="http://cdn.example.net/a.png">',
    );
  });

  it.each([
    {
      name: "x descriptors",
      srcset: "a.jpg 1x, b.jpg 2x",
      out: `${BASE}a.jpg 1x, ${BASE}b.jpg 2x`,
    },
    {
      name: "w descriptors and odd spacing",
      srcset: "  /s/a.jpg   480w ,/s/b.jpg 960w",
      out: "https://news.example.org/s/a.jpg 480w, https://news.example.org/s/b.jpg 960w",
    },
    {
      name: "commas inside a CDN URL",
      srcset: "https://cdn.example.net/w_300,h_200/a.jpg 300w, ../b.jpg 600w",
      out: "https://cdn.example.net/w_300,h_200/a.jpg 300w, https://news.example.org/2024/b.jpg 600w",
    },
    { name: "no descriptor", srcset: "a.jpg", out: `${BASE}a.jpg` },
    {
      name: "bad candidates dropped",
      srcset: "javascript:alert(1) 1x, data:image/png;base64,AAAA 2x, c.jpg 3x, d.jpg huge",
      out: `${BASE}c.jpg 3x`,
    },
  ])("resolves each srcset candidate: $name", ({ srcset, out }) => {
    const $ = load(clean(`<img src="a.jpg" srcset="${srcset}">`), null, false);
    expect($("img").attr("srcset")).toBe(out);
  });
});

describe("cleanHtml: output", () => {
  it.each([
    { name: "C0 controls", html: "<p>a\u0001b\u0008c\u000Bd\u001Fe</p>", out: "<p>abcde</p>" },
    { name: "U+FFFE and U+FFFF", html: "<p>a\uFFFEb\uFFFFc</p>", out: "<p>abc</p>" },
    { name: "lone surrogates", html: "<p>a\uD800b\uDC00c</p>", out: "<p>abc</p>" },
    {
      name: "in attributes",
      html: '<img src="a.png" alt="x\u0002y">',
      out: `<img src="${BASE}a.png" alt="xy">`,
    },
    { name: "tab, newline kept", html: "<pre>a\tb\nc</pre>", out: "<pre>a\tb\nc</pre>" },
    { name: "astral characters kept", html: "<p>ferry 🚢</p>", out: "<p>ferry 🚢</p>" },
  ])("strips characters illegal in XML: $name", ({ html, out }) => {
    expect(clean(html)).toBe(out);
  });

  it.each(["scrape-junk.html", "xss-vectors.html"])(
    "round-trips %s through an HTML parser",
    (name) => {
      const out = clean(fixture(name));
      expect(load(out, null, false).html()).toBe(out);
      expectXmlSafe(out);
    },
  );

  it("survives nesting deeper than any page needs", () => {
    const depth = 3000;
    const out = clean(`${"<div><b>".repeat(depth)}deep${"</b></div>".repeat(depth)}`);
    expect(load(out, null, false).root().text()).toBe("deep");
  });
});
