// Reads `specs`, `flow`/`flows` and `outputs` in tbt's and Tracetest's shapes (legacy ones
// included), recording where each selector and assertion starts for exact error columns.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { FlowDefinition, OutputDefinition, SourceLocation, SpecDefinition } from '../model/index.ts';
import type { Locator, SourceRef, TextOrigin } from '../query/index.ts';
import { isNullNode, type YamlFile, type YamlNode } from './yaml-file.ts';

interface ReadSpecs {
  readonly specs: SpecDefinition[];
  readonly flows: FlowDefinition[];
  readonly outputs: OutputDefinition[];
  readonly locate: Locator;
}

export class SpecReader {
  readonly specs: SpecDefinition[] = [];
  readonly flows: FlowDefinition[] = [];
  readonly outputs: OutputDefinition[] = [];
  private readonly origins = new Map<string, TextOrigin>();

  constructor(
    private readonly yaml: YamlFile,
    private readonly strict: boolean,
  ) {}

  private remember(ref: SourceRef, origin: TextOrigin): void {
    this.origins.set(JSON.stringify(ref), origin);
  }

  result(): ReadSpecs {
    return { specs: this.specs, flows: this.flows, outputs: this.outputs, locate: (ref) => this.origins.get(JSON.stringify(ref)) };
  }

  /** A list of `{ selector, name?, assertions }`; Tracetest's legacy `{ specs: [...] }` wrapper too. */
  readSpecs(node: YamlNode): void {
    const { yaml } = this;
    if (isNullNode(node)) return;
    const list = isMap(node) && yaml.has(node, 'specs') ? yaml.get(node, 'specs') : node;
    const seq = yaml.seq(list, 'specs');
    if (!seq) return;
    seq.items.forEach((item, index) => {
      const map = yaml.map(item as YamlNode, `specs[${index}]`);
      if (!map) return;
      if (this.strict) yaml.onlyKeys(map, ['selector', 'name', 'assertions'], `specs[${index}]`);
      const selector = this.readSelector(map, index, item as YamlNode);
      const name = yaml.optionalString(map, 'name', `specs[${index}].name`);
      const read = this.readAssertions(yaml.get(map, 'assertions'), this.specs.length, `specs[${index}].assertions`, item as YamlNode);
      if (selector === undefined || read === undefined) return;
      const { assertions, locations } = read;
      this.specs.push({ selector, assertions, ...(name ? { name } : {}), location: yaml.locate(item as YamlNode), assertionLocations: locations });
    });
  }

  private readSelector(map: YAMLMap, index: number, owner: YamlNode): string | undefined {
    const { yaml } = this;
    let node = yaml.get(map, 'selector');
    // Legacy Tracetest: `selector: { query: span[...] }`.
    if (isMap(node)) node = yaml.get(node, 'query');
    if (isNullNode(node)) {
      if (this.strict) return yaml.fail(owner, `specs[${index}].selector is missing`, 'write selector: "" to assert on every span');
      return '';
    }
    const text = yaml.string(node, `specs[${index}].selector`);
    if (text !== undefined) this.remember({ part: 'spec-selector', spec: this.specs.length }, yaml.origin(node));
    return text;
  }

  /** The assertions' texts, and where each was written (a failure is reported at its line). */
  private readAssertions(node: YamlNode, spec: number, what: string, owner: YamlNode): { assertions: string[]; locations: SourceLocation[] } | undefined {
    const { yaml } = this;
    if (isNullNode(node)) return this.strict ? yaml.fail(owner, `${what} is missing`) : { assertions: [], locations: [] };
    const seq = yaml.seq(node, what);
    if (!seq) return undefined;
    const assertions: string[] = [];
    const locations: SourceLocation[] = [];
    seq.items.forEach((item, index) => {
      const itemNode = item as YamlNode;
      const text = isMap(itemNode) ? this.legacyAssertion(itemNode, `${what}[${index}]`) : yaml.string(itemNode, `${what}[${index}]`);
      if (text === undefined) return;
      this.remember({ part: 'assertion', spec, index: assertions.length }, isMap(itemNode) ? { ...yaml.locate(itemNode), layout: 'unknown' } : yaml.origin(itemNode));
      assertions.push(text);
      locations.push(yaml.locate(itemNode));
    });
    return { assertions, locations };
  }

  /** The oldest Tracetest shape: `{ attribute, comparator, expected }`. */
  private legacyAssertion(map: YAMLMap, what: string): string | undefined {
    const { yaml } = this;
    const attribute = yaml.requiredString(map, 'attribute', `${what}.attribute`, map);
    const comparator = yaml.requiredString(map, 'comparator', `${what}.comparator`, map);
    const expected = yaml.requiredString(map, 'expected', `${what}.expected`, map);
    if (attribute === undefined || comparator === undefined || expected === undefined) return undefined;
    const literal = /^-?\d+(\.\d+)?(ns|us|ms|s|m|h)?$/.test(expected) ? expected : `"${expected.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
    return `attr:${attribute} ${comparator} ${literal}`;
  }

  /** tbt's `flow: [selector, …]`. */
  readFlow(node: YamlNode): void {
    if (isNullNode(node)) return;
    this.readSteps(node, undefined, node, 'flow');
  }

  /** tbt's `flows: [{ name?, steps: [selector, …] }]`. */
  readFlows(node: YamlNode): void {
    const { yaml } = this;
    if (isNullNode(node)) return;
    const seq = yaml.seq(node, 'flows');
    if (!seq) return;
    seq.items.forEach((item, index) => {
      const map = yaml.map(item as YamlNode, `flows[${index}]`);
      if (!map) return;
      yaml.onlyKeys(map, ['name', 'steps'], `flows[${index}]`);
      const name = yaml.optionalString(map, 'name', `flows[${index}].name`);
      if (!yaml.has(map, 'steps')) return void yaml.fail(item as YamlNode, `flows[${index}].steps is missing`);
      this.readSteps(yaml.get(map, 'steps'), name, item as YamlNode, `flows[${index}].steps`);
    });
  }

  private readSteps(node: YamlNode, name: string | undefined, owner: YamlNode, what: string): void {
    const { yaml } = this;
    const seq = yaml.seq(node, what);
    if (!seq) return;
    const flow = this.flows.length;
    const steps: string[] = [];
    seq.items.forEach((item, index) => {
      const text = yaml.string(item as YamlNode, `${what}[${index}]`);
      if (text === undefined) return;
      this.remember({ part: 'flow-step', flow, index: steps.length }, yaml.origin(item as YamlNode));
      steps.push(text);
    });
    this.flows.push({ steps, ...(name ? { name } : {}), location: yaml.locate(owner) });
  }

  /** Tracetest's `outputs: [{ name, selector, value }]`. */
  readOutputs(node: YamlNode): void {
    const { yaml } = this;
    if (isNullNode(node)) return;
    const seq = yaml.seq(node, 'outputs');
    if (!seq) return;
    seq.items.forEach((item, index) => {
      const map = yaml.map(item as YamlNode, `outputs[${index}]`);
      if (!map) return;
      const name = yaml.requiredString(map, 'name', `outputs[${index}].name`, item as YamlNode);
      let selectorNode = yaml.get(map, 'selector');
      if (isMap(selectorNode)) selectorNode = yaml.get(selectorNode, 'query');
      const selector = isNullNode(selectorNode) ? '' : yaml.string(selectorNode, `outputs[${index}].selector`);
      const valueNode = yaml.get(map, 'value');
      const value = yaml.requiredString(map, 'value', `outputs[${index}].value`, item as YamlNode);
      if (name === undefined || selector === undefined || value === undefined) return;
      const output = this.outputs.length;
      if (isScalar(selectorNode)) this.remember({ part: 'output-selector', output }, yaml.origin(selectorNode));
      this.remember({ part: 'output-value', output }, yaml.origin(valueNode));
      this.outputs.push({ name, selector, value });
    });
  }
}
