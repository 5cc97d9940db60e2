// go-yaml v2's event parser and node composer, folded into one recursive descent that
// peeks tokens in exactly the order the original state machine does. That order decides
// whether the scanner or the parser complains first, and so which message kubectl prints.
//
// The descent keeps its stack on the heap: collections are generators that yield the
// child they need parsed, and parse() drives them. go-yaml allows 10000 levels of block and
// 10000 of flow nesting, and reaching its "exceeded max depth" must not overflow the JS stack.
import { composerError, type Mark, parserError } from "./errors.js";
import { type ScalarStyle, Scanner, type Token, type TokType } from "./scanner.js";

export interface YamlNode {
  kind: "scalar" | "mapping" | "sequence" | "alias";
  line: number;
  /** Scalars: the text. Aliases: the anchor name. */
  value: string;
  /** Resolved tag ("" when none was given). */
  tag: string;
  /** Plain scalars (and the `!` tag) resolve by content; quoted ones are strings. */
  implicit: boolean;
  style?: ScalarStyle;
  children: YamlNode[];
  alias?: YamlNode;
}

/** A collection being parsed: it yields a child collection to parse and receives its node. */
type Step = Generator<Step, YamlNode, YamlNode>;

const isStep = (x: YamlNode | Step): x is Step => typeof (x as Step).next === "function";

/** Runs a collection's parse to the end with an explicit stack instead of recursion. */
function drive(first: YamlNode | Step): YamlNode {
  if (!isStep(first)) return first;
  const stack: Step[] = [first];
  let result: YamlNode | undefined;
  for (;;) {
    // A generator ignores the argument of its first next(), before any result exists.
    const r = stack[stack.length - 1].next(result as YamlNode);
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return r.value;
      result = r.value;
    } else {
      stack.push(r.value);
      result = undefined;
    }
  }
}

const DEFAULT_TAGS: [string, string][] = [
  ["!", "!"],
  ["!!", "tag:yaml.org,2002:"],
];

class Parser {
  private readonly s: Scanner;
  private tagDirectives: [string, string][] = [];
  private anchors = new Map<string, YamlNode>();

  constructor(text: string) {
    this.s = new Scanner(text);
  }

  private peek(): Token {
    return this.s.peek();
  }
  private next(): Token {
    const t = this.s.peek();
    this.s.skipToken();
    return t;
  }
  private peekIs(...types: TokType[]): boolean {
    return types.includes(this.peek().type);
  }
  private empty(at: Mark): YamlNode {
    return {
      kind: "scalar",
      line: at.line,
      value: "",
      tag: "",
      implicit: true,
      style: "plain",
      children: [],
    };
  }

  /** The first document of the stream, or undefined when the stream holds none. */
  document(): YamlNode | undefined {
    this.next(); // STREAM-START
    let tok = this.peek();
    let root: YamlNode;
    if (!["VERSION-DIRECTIVE", "TAG-DIRECTIVE", "DOCUMENT-START", "STREAM-END"].includes(tok.type)) {
      this.processDirectives();
      root = drive(this.node(true, false));
    } else if (tok.type !== "STREAM-END") {
      this.processDirectives();
      tok = this.peek();
      if (tok.type !== "DOCUMENT-START")
        throw parserError("did not find expected <document start>", tok.start);
      this.next();
      tok = this.peek();
      const emptyDoc = ["VERSION-DIRECTIVE", "TAG-DIRECTIVE", "DOCUMENT-START", "DOCUMENT-END", "STREAM-END"];
      root = emptyDoc.includes(tok.type) ? this.empty(tok.start) : drive(this.node(true, false));
    } else {
      return undefined;
    }
    if (this.peek().type === "DOCUMENT-END") this.next();
    return root;
  }

  private processDirectives(): void {
    let sawVersion = false;
    const tags: [string, string][] = [];
    for (
      let tok = this.peek();
      tok.type === "VERSION-DIRECTIVE" || tok.type === "TAG-DIRECTIVE";
      tok = this.peek()
    ) {
      if (tok.type === "VERSION-DIRECTIVE") {
        if (sawVersion) throw parserError("found duplicate %YAML directive", tok.start);
        if (tok.major !== 1 || tok.minor !== 1)
          throw parserError("found incompatible YAML document", tok.start);
        sawVersion = true;
      } else {
        if (tags.some(([h]) => h === tok.handle))
          throw parserError("found duplicate %TAG directive", tok.start);
        // The scanner sets handle, suffix and value on the token kinds read here.
        tags.push([tok.handle as string, tok.suffix as string]);
      }
      this.next();
    }
    for (const d of DEFAULT_TAGS) if (!tags.some(([h]) => h === d[0])) tags.push(d);
    this.tagDirectives = tags;
  }

  /** A scalar or alias node, or the Step that parses a collection. */
  private node(block: boolean, indentless: boolean): YamlNode | Step {
    let tok = this.peek();
    if (tok.type === "ALIAS") {
      this.next();
      const target = this.anchors.get(tok.value as string);
      if (!target) throw composerError(`unknown anchor '${tok.value}' referenced`);
      return {
        kind: "alias",
        line: tok.start.line,
        value: tok.value as string,
        tag: "",
        implicit: false,
        children: [],
        alias: target,
      };
    }
    const start = tok.start;
    let anchor: string | undefined;
    let tagTok: Token | undefined;
    if (tok.type === "ANCHOR" || tok.type === "TAG") {
      const first = this.next();
      if (first.type === "ANCHOR") anchor = first.value;
      else tagTok = first;
      tok = this.peek();
      const other = first.type === "ANCHOR" ? "TAG" : "ANCHOR";
      if (tok.type === other) {
        if (other === "ANCHOR") anchor = tok.value;
        else tagTok = tok;
        this.next();
        tok = this.peek();
      }
    }
    let tag = "";
    if (tagTok) {
      if (tagTok.handle === "") tag = tagTok.suffix as string;
      else {
        const dir = this.tagDirectives.find(([h]) => h === tagTok.handle);
        if (!dir) throw parserError("found undefined tag handle", tagTok.start, start);
        tag = dir[1] + tagTok.suffix;
      }
    }
    const make = (kind: YamlNode["kind"]): YamlNode => {
      const n: YamlNode = { kind, line: start.line, value: "", tag, implicit: tag === "", children: [] };
      if (anchor !== undefined) this.anchors.set(anchor, n);
      return n;
    };
    if (indentless && tok.type === "BLOCK-ENTRY") return this.indentlessSequence(make("sequence"));
    if (tok.type === "SCALAR") {
      this.next();
      const n = make("scalar");
      n.value = tok.value as string;
      n.style = tok.style;
      n.implicit = (tag === "" && tok.style === "plain") || tag === "!";
      return n;
    }
    if (tok.type === "FLOW-SEQUENCE-START") return this.flowSequence(make("sequence"));
    if (tok.type === "FLOW-MAPPING-START") return this.flowMapping(make("mapping"));
    if (block && tok.type === "BLOCK-SEQUENCE-START") return this.blockSequence(make("sequence"));
    if (block && tok.type === "BLOCK-MAPPING-START") return this.blockMapping(make("mapping"));
    if (anchor !== undefined || tag !== "") {
      const n = make("scalar");
      n.style = "plain";
      return n;
    }
    throw parserError("did not find expected node content", tok.start, start);
  }

  /**
   * A child node: scalars and aliases at once, collections by yielding their Step to drive().
   * The yield* delegates only this one-step generator, so the JS stack stays flat.
   */
  private *child(block: boolean, indentless: boolean): Generator<Step, YamlNode, YamlNode> {
    const c = this.node(block, indentless);
    return isStep(c) ? yield c : c;
  }

  private *blockSequence(n: YamlNode): Step {
    const context = this.next().start;
    for (;;) {
      const tok = this.peek();
      if (tok.type === "BLOCK-ENTRY") {
        this.next();
        n.children.push(
          this.peekIs("BLOCK-ENTRY", "BLOCK-END") ? this.empty(tok.end) : yield* this.child(true, false),
        );
      } else if (tok.type === "BLOCK-END") {
        this.next();
        return n;
      } else {
        throw parserError("did not find expected '-' indicator", tok.start, context);
      }
    }
  }

  private *indentlessSequence(n: YamlNode): Step {
    for (let tok = this.peek(); tok.type === "BLOCK-ENTRY"; tok = this.peek()) {
      this.next();
      const stop = this.peekIs("BLOCK-ENTRY", "KEY", "VALUE", "BLOCK-END");
      n.children.push(stop ? this.empty(tok.end) : yield* this.child(true, false));
    }
    return n;
  }

  private *blockMapping(n: YamlNode): Step {
    const context = this.next().start;
    for (;;) {
      let tok = this.peek();
      if (tok.type === "KEY") {
        this.next();
        n.children.push(
          this.peekIs("KEY", "VALUE", "BLOCK-END") ? this.empty(tok.end) : yield* this.child(true, true),
        );
        tok = this.peek();
        if (tok.type === "VALUE") {
          this.next();
          n.children.push(
            this.peekIs("KEY", "VALUE", "BLOCK-END") ? this.empty(tok.end) : yield* this.child(true, true),
          );
        } else {
          n.children.push(this.empty(tok.start));
        }
      } else if (tok.type === "BLOCK-END") {
        this.next();
        return n;
      } else {
        throw parserError("did not find expected key", tok.start, context);
      }
    }
  }

  private *flowSequence(n: YamlNode): Step {
    const context = this.next().start;
    for (let first = true; ; first = false) {
      let tok = this.peek();
      if (tok.type === "FLOW-SEQUENCE-END") break;
      if (!first) {
        if (tok.type !== "FLOW-ENTRY")
          throw parserError("did not find expected ',' or ']'", tok.start, context);
        this.next();
        tok = this.peek();
      }
      if (tok.type === "KEY") {
        // `[a: b]` is a sequence holding a one-pair mapping.
        this.next();
        const pair: YamlNode = {
          kind: "mapping",
          line: tok.start.line,
          value: "",
          tag: "",
          implicit: true,
          children: [],
        };
        tok = this.peek();
        if (tok.type !== "VALUE" && tok.type !== "FLOW-ENTRY" && tok.type !== "FLOW-SEQUENCE-END") {
          pair.children.push(yield* this.child(false, false));
        } else {
          this.next();
          pair.children.push(this.empty(tok.end));
        }
        tok = this.peek();
        if (tok.type === "VALUE") {
          this.next();
          if (!this.peekIs("FLOW-ENTRY", "FLOW-SEQUENCE-END"))
            pair.children.push(yield* this.child(false, false));
          else pair.children.push(this.empty(tok.start));
        } else {
          pair.children.push(this.empty(tok.start));
        }
        this.peek();
        n.children.push(pair);
      } else if (tok.type !== "FLOW-SEQUENCE-END") {
        n.children.push(yield* this.child(false, false));
      } else {
        break;
      }
    }
    this.next();
    return n;
  }

  private *flowMapping(n: YamlNode): Step {
    const context = this.next().start;
    for (let first = true; ; first = false) {
      let tok = this.peek();
      if (tok.type === "FLOW-MAPPING-END") break;
      if (!first) {
        if (tok.type !== "FLOW-ENTRY")
          throw parserError("did not find expected ',' or '}'", tok.start, context);
        this.next();
        tok = this.peek();
      }
      if (tok.type === "KEY") {
        this.next();
        tok = this.peek();
        const none = tok.type === "VALUE" || tok.type === "FLOW-ENTRY" || tok.type === "FLOW-MAPPING-END";
        n.children.push(none ? this.empty(tok.start) : yield* this.child(false, false));
        tok = this.peek();
        if (tok.type === "VALUE") {
          this.next();
          tok = this.peek();
          const noValue = tok.type === "FLOW-ENTRY" || tok.type === "FLOW-MAPPING-END";
          n.children.push(noValue ? this.empty(tok.start) : yield* this.child(false, false));
        } else {
          n.children.push(this.empty(tok.start));
        }
      } else if (tok.type !== "FLOW-MAPPING-END") {
        n.children.push(yield* this.child(false, false));
        n.children.push(this.empty(this.peek().start));
      } else {
        break;
      }
    }
    this.next();
    return n;
  }
}

/** Parse the first YAML document of `text` into a node tree (go-yaml's yaml.Unmarshal view). */
export function parseFirstDocument(text: string): YamlNode | undefined {
  return new Parser(text === "" ? "\n" : text).document();
}
