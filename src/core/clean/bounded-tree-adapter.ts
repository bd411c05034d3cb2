/**
 * parse5's htmlparser2 tree adapter, changed so that a parse costs time linear in the input and
 * memory bounded by a node budget. The tree it builds is the one the base adapter builds.
 */
import { type ChildNode, Document, Element, type ParentNode, type Text } from "domhandler";
import type { TreeAdapter } from "parse5";
import { adapter as base, type Htmlparser2TreeAdapterMap } from "parse5-htmlparser2-tree-adapter";

type Adapter = TreeAdapter<Htmlparser2TreeAdapterMap>;
type Attributes = Parameters<Adapter["createElement"]>[2];

/** Thrown out of the parser when the open elements go deeper than the budget allows. */
export class TooDeep extends Error {}

/**
 * Changes to the base adapter:
 * - detaching a parent's first child is deferred: parse5 hands a parsed fragment to its root one
 *   first child at a time, and splicing the head off a large array each time is quadratic;
 * - past `maxNodes` new nodes are never attached, so the tree is the input's beginning;
 * - open elements deeper than `maxDepth` throw `TooDeep`: parse5 walks its stack of open elements
 *   on many tags, so depth times tag count bounds a parse's work;
 * - closed elements are compacted (`compactChildren`), which halves a tree's memory.
 */
export class BoundedTreeAdapter {
  /** The fragment's root element, the first one parse5 attaches. */
  root: Element | null = null;
  nodes = 0;
  readonly adapter: Adapter;
  // At most one parent at a time has `detached` leading children still in its array.
  private lazyParent: ParentNode | null = null;
  private detached = 0;
  private depth = 0;
  private readonly dropped = new WeakSet<ChildNode>();

  constructor(
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {
    this.adapter = {
      ...base,
      createElement: (name, namespace, attributes) =>
        this.counted(createElement(name, namespace, attributes)),
      createCommentNode: (data) => this.counted(base.createCommentNode(data)),
      createTextNode: (value) => this.counted(base.createTextNode(value)),
      adoptAttributes,
      appendChild: (parent, child) => this.appendChild(parent, child),
      insertBefore: (parent, child, reference) => this.insertBefore(parent, child, reference),
      detachNode: (node) => this.detachNode(node),
      insertText: (parent, text) => this.insertText(parent, text),
      insertTextBefore: (parent, text, reference) => this.insertTextBefore(parent, text, reference),
      getFirstChild: (node) => node.children[node === this.lazyParent ? this.detached : 0] ?? null,
      getChildNodes: (node) => {
        this.settle(node);
        return node.children;
      },
      onItemPush: () => {
        this.depth += 1;
        if (this.depth > this.maxDepth) throw new TooDeep();
      },
      onItemPop: (element) => {
        this.depth -= 1;
        this.settle(element);
        compactChildren(element);
      },
    };
  }

  get overBudget(): boolean {
    return this.nodes > this.maxNodes;
  }

  /** The root's children in a fragment of their own, for a parse that was abandoned. */
  takeFragment(): Document {
    const fragment = new Document([]);
    if (this.lazyParent !== null) this.settle(this.lazyParent);
    if (this.root === null) return fragment;
    fragment.children = this.root.children;
    for (const child of fragment.children) child.parent = fragment;
    this.root.children = [];
    return fragment;
  }

  private counted<T extends ChildNode>(node: T): T {
    // The parser's own scaffolding (context, document, root) comes before the root is attached.
    if (this.root === null) return node;
    this.nodes += 1;
    if (this.nodes > this.maxNodes) this.dropped.add(node);
    return node;
  }

  private settle(parent: ParentNode): void {
    if (parent !== this.lazyParent) return;
    parent.children.splice(0, this.detached);
    this.lazyParent = null;
    this.detached = 0;
  }

  private appendChild(parent: ParentNode, child: ChildNode): void {
    if (this.root === null) this.root = child as Element;
    if (this.dropped.has(child)) return;
    this.settle(parent);
    const last = parent.children[parent.children.length - 1];
    if (last?.type === "text") flatten(last as Text);
    base.appendChild(parent, child);
  }

  private insertBefore(parent: ParentNode, child: ChildNode, reference: ChildNode): void {
    if (this.dropped.has(child) || this.dropped.has(reference)) return;
    this.settle(parent);
    base.insertBefore(parent, child, reference);
  }

  private detachNode(node: ChildNode): void {
    const parent = node.parent;
    if (parent === null) return;
    if (parent !== this.lazyParent || parent.children[this.detached] !== node) {
      if (this.lazyParent !== null) this.settle(this.lazyParent);
      if (parent.children[0] !== node) {
        base.detachNode(node);
        return;
      }
      this.lazyParent = parent;
    }
    this.detached += 1;
    if (node.next !== null) node.next.prev = null;
    node.next = null;
    node.parent = null;
    if (this.detached === parent.children.length) {
      parent.children.length = 0;
      this.lazyParent = null;
      this.detached = 0;
    }
  }

  // The base adapter's, but through this adapter's appendChild and insertBefore.
  private insertText(parent: ParentNode, text: string): void {
    if (this.overBudget) return;
    this.settle(parent);
    const last = parent.children[parent.children.length - 1];
    if (last?.type === "text") (last as Text).data += text;
    else this.appendChild(parent, this.adapter.createTextNode(text));
  }

  private insertTextBefore(parent: ParentNode, text: string, reference: ChildNode): void {
    if (this.overBudget) return;
    this.settle(parent);
    const previous = parent.children[parent.children.indexOf(reference) - 1];
    if (previous?.type === "text") (previous as Text).data += text;
    else this.insertBefore(parent, this.adapter.createTextNode(text), reference);
  }
}

/**
 * The base adapter's element, with the attribute namespace and prefix maps only when an attribute
 * has one (foreign content): three dictionary objects per element were most of a tree's memory.
 */
function createElement(name: string, namespace: string, attributes: Attributes): Element {
  const attribs: Record<string, string> = Object.create(null);
  let qualified = false;
  for (const attribute of attributes) {
    // Flat now, or each value stays a chain of one-character concatenations until sanitised.
    attribute.value.charCodeAt(0);
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

/** A closed element's text flattened and its array no longer than its content. */
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
