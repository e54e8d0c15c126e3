// XPath-lite over a parsed UI hierarchy: the subset selectors use, with XPath 1.0 meaning.
import { ProbeFault } from '../errors.ts';
import type { UiNode } from './ui-hierarchy.ts';

/**
 * Supported: absolute paths of steps joined by `/` (child) or `//` (descendant), a step being
 * a name (tag or class) or `*`, with predicates `[@a="v"]`, `[@a]`, `[contains(@a,"v")]`,
 * `[starts-with(@a,"v")]`, conditions joined by `and`, and a position `[n]`.
 */
export function queryXpath(document: UiNode, xpath: string): UiNode[] {
  const steps = parsePath(xpath);
  let context: UiNode[] = [document];
  for (const step of steps) {
    const found = new Set<UiNode>();
    for (const node of context) {
      const parents = step.axis === 'descendant' ? selfAndDescendants(node) : [node];
      for (const parent of parents) {
        let matched = parent.children.filter((child) => nameMatches(child, step.name));
        for (const predicate of step.predicates) {
          matched =
            typeof predicate === 'number'
              ? matched.slice(predicate - 1, predicate)
              : matched.filter((child) => predicate.every((condition) => holds(child, condition)));
        }
        for (const child of matched) found.add(child);
      }
    }
    context = documentOrder(document, found);
  }
  return context;
}

interface Step {
  axis: 'child' | 'descendant';
  name: string;
  /** A position, or conditions that must all hold. */
  predicates: (number | Condition[])[];
}

interface Condition {
  test: 'equals' | 'exists' | 'contains' | 'starts-with';
  attribute: string;
  value: string;
}

const STEP = /(\/\/?)([A-Za-z_*][\w.*-]*)/y;
const POSITION = /\s*(\d+)\s*\]/y;
const CONDITION =
  /\s*(?:@([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|(contains|starts-with)\(\s*@([\w-]+)\s*,\s*(?:"([^"]*)"|'([^']*)')\s*\)|@([\w-]+))\s*(and\b|\])/y;

function parsePath(xpath: string): Step[] {
  const fail = (at: number): never => {
    throw new ProbeFault('E_SELECTOR_MISSING', `unsupported xpath "${xpath}" at offset ${at}`);
  };
  const steps: Step[] = [];
  let at = 0;
  while (at < xpath.length) {
    STEP.lastIndex = at;
    const step = STEP.exec(xpath) ?? fail(at);
    at = STEP.lastIndex;
    const parsed: Step = {
      axis: step[1] === '//' ? 'descendant' : 'child',
      name: step[2]!,
      predicates: [],
    };
    while (xpath[at] === '[') {
      at += 1;
      POSITION.lastIndex = at;
      const position = POSITION.exec(xpath);
      if (position) {
        parsed.predicates.push(Number(position[1]));
        at = POSITION.lastIndex;
        continue;
      }
      const conditions: Condition[] = [];
      for (;;) {
        CONDITION.lastIndex = at;
        const c = CONDITION.exec(xpath) ?? fail(at);
        at = CONDITION.lastIndex;
        if (c[1] !== undefined)
          conditions.push({ test: 'equals', attribute: c[1], value: c[2] ?? c[3] ?? '' });
        else if (c[4] !== undefined) {
          conditions.push({
            test: c[4] as Condition['test'],
            attribute: c[5]!,
            value: c[6] ?? c[7] ?? '',
          });
        } else conditions.push({ test: 'exists', attribute: c[8]!, value: '' });
        if (c[9] === ']') break;
      }
      parsed.predicates.push(conditions);
    }
    steps.push(parsed);
  }
  if (steps.length === 0) fail(0);
  return steps;
}

function nameMatches(node: UiNode, name: string): boolean {
  return name === '*' || node.tag === name || node.className === name;
}

function holds(node: UiNode, condition: Condition): boolean {
  const value = node.attributes[condition.attribute];
  if (value === undefined) return false;
  switch (condition.test) {
    case 'exists':
      return true;
    case 'equals':
      return value === condition.value;
    case 'contains':
      return value.includes(condition.value);
    case 'starts-with':
      return value.startsWith(condition.value);
  }
}

function selfAndDescendants(node: UiNode): UiNode[] {
  const all: UiNode[] = [];
  const walk = (current: UiNode): void => {
    all.push(current);
    for (const child of current.children) walk(child);
  };
  walk(node);
  return all;
}

function documentOrder(document: UiNode, found: Set<UiNode>): UiNode[] {
  if (found.size <= 1) return [...found];
  return selfAndDescendants(document).filter((node) => found.has(node));
}
