/**
 * The syntax tree as nested disclosure widgets: each node shows its kind, its operator, name or
 * value, and its span; children are built only when a node is opened, so a large formula costs
 * nothing until someone looks.
 */
import type { Expr } from '../../../src/index.js';

type Child = { label: string; node: Expr };

function children(e: Expr): Child[] {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
    case 'name':
      return [];
    case 'unary':
      return [{ label: 'operand', node: e.operand }];
    case 'binary':
    case 'compare':
      return [{ label: 'left', node: e.left }, { label: 'right', node: e.right }];
    case 'in':
      return [{ label: 'operand', node: e.operand }, ...e.list.map((node, i) => ({ label: `list[${i}]`, node }))];
    case 'between':
      return [{ label: 'operand', node: e.operand }, { label: 'low', node: e.low }, { label: 'high', node: e.high }];
    case 'like':
      return [{ label: 'operand', node: e.operand }, { label: 'pattern', node: e.pattern }];
    case 'isNull':
      return [{ label: 'operand', node: e.operand }];
    case 'call':
      return [...e.args.map((node, i) => ({ label: `args[${i}]`, node })), ...(e.filter ? [{ label: 'filter', node: e.filter }] : [])];
    case 'case':
      return [
        ...e.branches.flatMap((b, i) => [{ label: `when[${i}]`, node: b.when }, { label: `then[${i}]`, node: b.then }]),
        ...(e.otherwise ? [{ label: 'else', node: e.otherwise }] : []),
      ];
  }
}

function describe(e: Expr): string {
  switch (e.kind) {
    case 'number':
    case 'boolean':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'null':
      return 'NULL';
    case 'name':
      return e.quoted ? `\`${e.name}\`` : e.name;
    case 'unary':
    case 'binary':
    case 'compare':
      return e.op.toUpperCase();
    case 'in':
    case 'between':
      return e.negated ? 'NOT' : '';
    case 'like':
      return `${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'}`;
    case 'isNull':
      return e.negated ? 'IS NOT NULL' : 'IS NULL';
    case 'call':
      return `${e.name}${e.distinct ? ' DISTINCT' : ''}${e.star ? ' *' : ''}`;
    case 'case':
      return `${e.branches.length} branch${e.branches.length === 1 ? '' : 'es'}`;
  }
}

function nodeElement(label: string, e: Expr, depth: number): HTMLElement {
  const kids = children(e);
  const head = document.createElement('span');
  head.className = 'ast-node';
  head.append(label ? `${label}: ` : '');
  const kind = head.appendChild(document.createElement('b'));
  kind.textContent = e.kind;
  head.append(` ${describe(e)} `);
  const span = head.appendChild(document.createElement('small'));
  span.textContent = `${e.span.start}–${e.span.end}`;
  if (kids.length === 0) {
    const leaf = document.createElement('div');
    leaf.className = 'ast-leaf';
    leaf.append(head);
    return leaf;
  }
  const d = document.createElement('details');
  const summary = d.appendChild(document.createElement('summary'));
  summary.append(head);
  const fill = () => {
    if (d.childElementCount === 1) for (const k of kids) d.append(nodeElement(k.label, k.node, depth + 1));
  };
  d.addEventListener('toggle', fill);
  if (depth < 2) {
    d.open = true;
    fill();
  }
  return d;
}

export function renderAst(target: HTMLElement, expr: Expr | undefined): void {
  target.replaceChildren(expr ? nodeElement('', expr, 0) : Object.assign(document.createElement('em'), { textContent: 'no tree: the formula does not parse' }));
}
