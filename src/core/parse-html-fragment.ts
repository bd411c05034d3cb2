/**
 * HTML fragment ↔ domhandler tree, parsed by parse5 exactly as cheerio's `load(html, null, false)`
 * parses it, in time linear in the input and with a bound on the nodes kept. The only file that
 * imports parse5.
 */
import { type ChildNode, type Document, Element, type ParentNode, type Text } from "domhandler";
import { parseFragment, serialize, type TreeAdapter } from "parse5";
import { adapter as base, type Htmlparser2TreeAdapterMap } from "parse5-htmlparser2-tree-adapter";

/** A parsed fragment; `truncated` when nodes past `maxNodes` were left out. */
export interface ParsedFragment {
  readonly root: Document;
  readonly truncated: boolean;
}

type Adapter = TreeAdapter<Htmlparser2TreeAdapterMap>;

/**
 * Parse `html` as a fragment (template context, scripting on: cheerio's defaults). Once
 * `maxNodes` elements, comments and text nodes exist, later ones are no longer attached: the
 * tree is the document's beginning and the rest of the input costs only its tokenising.
 */
export function parseHtmlFragment(
  html: string,
  maxNodes = Number.POSITIVE_INFINITY,
): ParsedFragment {
  const adapter = createAdapter(maxNodes);
  const root = parseFragment(html, { treeAdapter: adapter.tree, scriptingEnabled: true });
  return { root, truncated: adapter.overBudget() };
}

/** The HTML of a fragment's children, as cheerio's `$.html()` writes it. */
export function serializeHtmlFragment(root: ParentNode): string {
  return serialize(root, { treeAdapter: base });
}

/**
 * The htmlparser2 tree adapter, changed in three ways. Detaching a parent's first child is
 * deferred: parse5 hands the whole fragment over to its root one first child at a time, and
 * splicing the head off a large array each time is quadratic. Nodes past the budget are never
 * attached. And closed elements are compacted (`compactChildren`), which halves a tree's memory.
 */
function createAdapter(maxNodes: number): { tree: Adapter; overBudget: () => boolean } {
  // At most one parent at a time has `detached` leading children still in its array.
  let lazyParent: ParentNode | null = null;
  let detached = 0;
  let nodes = 0;
  const dropped = new WeakSet<ChildNode>();

  function settle(parent: ParentNode): void {
    if (parent !== lazyParent) return;
    parent.children.splice(0, detached);
    lazyParent = null;
    detached = 0;
  }

  function counted<T extends ChildNode>(node: T): T {
    nodes += 1;
    if (nodes > maxNodes) dropped.add(node);
    return node;
  }

  function appendChild(parent: ParentNode, child: ChildNode): void {
    if (dropped.has(child)) return;
    settle(parent);
    const last = parent.children[parent.children.length - 1];
    if (last?.type === "text") flatten(last as Text);
    base.appendChild(parent, child);
  }

  function insertBefore(parent: ParentNode, child: ChildNode, reference: ChildNode): void {
    if (dropped.has(child) || dropped.has(reference)) return;
    settle(parent);
    base.insertBefore(parent, child, reference);
  }

  function detachNode(node: ChildNode): void {
    const parent = node.parent;
    if (parent === null) return;
    if (parent !== lazyParent || parent.children[detached] !== node) {
      if (lazyParent !== null) settle(lazyParent);
      if (parent.children[0] !== node) {
        base.detachNode(node);
        return;
      }
      lazyParent = parent;
    }
    detached += 1;
    const next = node.next;
    if (next !== null) next.prev = null;
    node.next = null;
    node.parent = null;
    if (detached === parent.children.length) {
      parent.children.length = 0;
      lazyParent = null;
      detached = 0;
    }
  }

  function getFirstChild(node: ParentNode): ChildNode | null {
    return node.children[node === lazyParent ? detached : 0] ?? null;
  }

  // Same as the base adapter's, but through this adapter's appendChild and insertBefore.
  function insertText(parent: ParentNode, text: string): void {
    if (nodes > maxNodes) return;
    settle(parent);
    const last = parent.children[parent.children.length - 1];
    if (last?.type === "text") (last as Text).data += text;
    else appendChild(parent, tree.createTextNode(text));
  }

  function insertTextBefore(parent: ParentNode, text: string, reference: ChildNode): void {
    if (nodes > maxNodes) return;
    settle(parent);
    const previous = parent.children[parent.children.indexOf(reference) - 1];
    if (previous?.type === "text") (previous as Text).data += text;
    else insertBefore(parent, tree.createTextNode(text), reference);
  }

  const tree: Adapter = {
    ...base,
    createElement: (name, namespace, attributes) =>
      counted(createElement(name, namespace, attributes)),
    adoptAttributes,
    onItemPop: (element) => {
      settle(element);
      compactChildren(element);
    },
    createCommentNode: (data) => counted(base.createCommentNode(data)),
    createTextNode: (value) => counted(base.createTextNode(value)),
    appendChild,
    insertBefore,
    detachNode,
    insertText,
    insertTextBefore,
    getFirstChild,
    getChildNodes: (node) => {
      settle(node);
      return node.children;
    },
  };
  return { tree, overBudget: () => nodes > maxNodes };
}

type Attributes = Parameters<Adapter["createElement"]>[2];

/**
 * The base adapter's element, with the attribute namespace and prefix maps only when an attribute
 * has one (foreign content): three dictionary objects per element were most of a tree's memory.
 */
function createElement(name: string, namespace: string, attributes: Attributes): Element {
  const attribs: Record<string, string> = Object.create(null);
  let qualified = false;
  for (const attribute of attributes) {
    attribs[attribute.name] = attribute.value;
    if (attribute.namespace !== undefined || attribute.prefix !== undefined) qualified = true;
  }
  const element = new Element(name, attribs, []);
  element.namespace = namespace;
  if (qualified) qualifyAttributes(element, attributes);
  return element;
}

function qualifyAttributes(element: Element, attributes: Attributes): void {
  const namespaces = element["x-attribsNamespace"] ?? Object.create(null);
  const prefixes = element["x-attribsPrefix"] ?? Object.create(null);
  for (const attribute of attributes) {
    namespaces[attribute.name] = attribute.namespace;
    prefixes[attribute.name] = attribute.prefix;
  }
  element["x-attribsNamespace"] = namespaces;
  element["x-attribsPrefix"] = prefixes;
}

function adoptAttributes(recipient: Element, attributes: Attributes): void {
  const added = attributes.filter((attribute) => recipient.attribs[attribute.name] === undefined);
  for (const attribute of added) recipient.attribs[attribute.name] = attribute.value;
  if (added.some((a) => a.namespace !== undefined || a.prefix !== undefined)) {
    qualifyAttributes(recipient, added);
  }
}

/**
 * An element's children once it is closed: its text flattened (the parser builds it a token at a
 * time, as a chain of concatenations) and its array no longer than its content.
 */
function compactChildren(element: Element): void {
  const children = element.children;
  if (children.length === 0) return;
  for (const child of children) if (child.type === "text") flatten(child as Text);
  element.children = children.slice();
}

// Reading a character makes V8 flatten a concatenated string and let go of its pieces.
function flatten(text: Text): void {
  text.data.charCodeAt(0);
}
