// A tiny XML reader for tests: checks well-formedness (one root, balanced tags, quoted unique
// attributes, known entities) and returns elements, so JUnit can be checked structurally.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  return text.replace(/&([^;]*);/g, (_, name: string) => {
    if (name in ENTITIES) return ENTITIES[name] ?? '';
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    throw new Error(`unknown entity &${name}; near offset ${at}`);
  });
}

/** Parses `xml` or throws with the offset of the first defect. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (why: string): never => {
    throw new Error(`malformed XML at offset ${i}: ${why}`);
  };
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.includes('>')) fail('stray ">" in text');
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text, i);
    else if (text.trim() !== '') fail('text outside the root element');
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unclosed comment');
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', i);
    if (gt === -1) fail('unclosed tag');
    const tag = xml.slice(i + 1, gt);
    if (tag.includes('<')) fail('"<" inside a tag');
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i = gt + 1;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^([A-Za-z_][\w.-]*)/.exec(body);
    if (!nameMatch?.[1]) return fail('bad tag name');
    const element: XmlElement = { name: nameMatch[1], attributes: {}, children: [], text: '' };
    let rest = body.slice(nameMatch[1].length);
    const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/;
    for (let m = attr.exec(rest); m; m = attr.exec(rest)) {
      const [all, key = '', value = ''] = m;
      if (key in element.attributes) fail(`duplicate attribute ${key}`);
      element.attributes[key] = decode(value, i);
      rest = rest.slice(all.length);
    }
    if (rest.trim() !== '') fail(`unparsable attributes: ${rest.trim().slice(0, 30)}`);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) fail('second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
    i = gt + 1;
  }
  if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) return fail('no root element');
  return root;
}

/** Every descendant element with this name, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const child of e.children) {
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(element);
  return found;
}
