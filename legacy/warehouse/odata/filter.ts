import { badQuery } from './errors';
import { invalidToken, Token, TokenStream } from './lexer';
import { EdmType, EntitySetDef, padNumc, PropertyDef, propertyOf } from './model';
import { SqlParams } from './sql';

/**
 * $filter → parameterised SQL. Grammar (OData V2, lowest precedence first):
 *   or := and ('or' and)* ; and := not ('and' not)* ; not := 'not' not | comparison
 *   comparison := primary (op primary)? ; primary := '(' or ')' | literal | property | function call
 * Operands are type-checked against the whitelisted properties of the entity set.
 */

type LiteralType = 'string' | 'number' | 'datetime' | 'boolean' | 'null';

type Node =
  | { kind: 'literal'; type: LiteralType; value: string | number | boolean | null; pos: number }
  | { kind: 'property'; property: PropertyDef; pos: number }
  /** A boolean-valued function call, already compiled. */
  | { kind: 'call'; sql: string; pos: number }
  /** A condition; `equals` marks `property eq literal`, which OR-chains fold into IN. */
  | { kind: 'predicate'; sql: string; pos: number; equals?: { column: string; placeholder: string } };

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** The literal kind each property type is compared with. */
const LITERAL_FOR: Record<EdmType, LiteralType | null> = {
  'Edm.String': 'string',
  'Edm.Decimal': 'number',
  'Edm.DateTime': 'datetime',
  'Edm.Boolean': 'boolean',
  'Edm.Time': null,
};

export function compileFilter(text: string, set: EntitySetDef, params: SqlParams): string {
  return new FilterCompiler(TokenStream.of(text), set, params).compile();
}

/** Deeper nesting than any real client writes is refused before it exhausts the stack. */
const MAX_DEPTH = 100;

class FilterCompiler {
  private depth = 0;

  constructor(
    private readonly tokens: TokenStream,
    private readonly set: EntitySetDef,
    private readonly params: SqlParams,
  ) {}

  compile(): string {
    const node = this.or();
    this.tokens.expectEnd();
    return this.predicate(node);
  }

  private or(): Node {
    const operands = [this.and()];
    while (this.tokens.acceptKeyword('or')) operands.push(this.and());
    if (operands.length === 1) return operands[0];
    // (Material eq 'A' or Material eq 'B' or ...): the batching clients do, as one IN list.
    const equalities = operands.map((node) => (node.kind === 'predicate' ? node.equals : undefined));
    const column = equalities[0]?.column;
    if (column !== undefined && equalities.every((e) => e?.column === column)) {
      return { kind: 'predicate', sql: `(${column} IN (${equalities.map((e) => e!.placeholder).join(', ')}))`, pos: operands[0].pos };
    }
    return { kind: 'predicate', sql: `(${operands.map((node) => this.predicate(node)).join(' OR ')})`, pos: operands[0].pos };
  }

  private and(): Node {
    const operands = [this.not()];
    while (this.tokens.acceptKeyword('and')) operands.push(this.not());
    if (operands.length === 1) return operands[0];
    return { kind: 'predicate', sql: `(${operands.map((node) => this.predicate(node)).join(' AND ')})`, pos: operands[0].pos };
  }

  private not(): Node {
    const pos = this.tokens.peek().pos;
    if (this.tokens.acceptKeyword('not'))
      return { kind: 'predicate', sql: `(NOT ${this.predicate(this.nested(pos, () => this.not()))})`, pos };
    return this.comparison();
  }

  private nested(pos: number, parse: () => Node): Node {
    if (++this.depth > MAX_DEPTH) throw badQuery(`Expression nested too deeply at position ${pos}`);
    const node = parse();
    this.depth -= 1;
    return node;
  }

  private comparison(): Node {
    const left = this.primary();
    const token = this.tokens.peek();
    if (token.kind !== 'name' || !(token.text in COMPARISONS)) return left;
    this.tokens.next();
    return this.compare(left, token.text, this.primary(), token.pos);
  }

  private primary(): Node {
    const token = this.tokens.next();
    switch (token.kind) {
      case 'punct': {
        if (token.text !== '(') throw invalidToken(token.pos);
        const inner = this.nested(token.pos, () => this.or());
        this.tokens.expectPunct(')');
        return inner;
      }
      case 'string':
        return { kind: 'literal', type: 'string', value: token.value, pos: token.pos };
      case 'number':
        return { kind: 'literal', type: 'number', value: token.value, pos: token.pos };
      case 'datetime':
        return { kind: 'literal', type: 'datetime', value: token.value, pos: token.pos };
      case 'name':
        return this.name(token);
      default:
        throw invalidToken(token.pos);
    }
  }

  private name(token: Extract<Token, { kind: 'name' }>): Node {
    if (token.text === 'true' || token.text === 'false')
      return { kind: 'literal', type: 'boolean', value: token.text === 'true', pos: token.pos };
    if (token.text === 'null') return { kind: 'literal', type: 'null', value: null, pos: token.pos };
    if (this.tokens.acceptPunct('(')) return this.call(token.text, token.pos);
    const property = propertyOf(this.set, token.text);
    if (!property) throw badQuery(`Property '${token.text}' not found in type '${this.set.entityType}'`);
    return { kind: 'property', property, pos: token.pos };
  }

  /** substringof, startswith and endswith: the string functions SAP Gateway supports in V2. */
  private call(name: string, pos: number): Node {
    const first = this.primary();
    this.tokens.expectPunct(',');
    const second = this.primary();
    this.tokens.expectPunct(')');
    const [subject, fragment] = name === 'substringof' ? [second, first] : [first, second];
    const text = this.stringOperand(subject, name);
    const part = this.stringOperand(fragment, name);
    switch (name) {
      case 'substringof':
        return { kind: 'call', sql: `(instr(${text}, ${part}) > 0)`, pos };
      case 'startswith':
        return { kind: 'call', sql: `(substr(${text}, 1, length(${part})) = ${part})`, pos };
      case 'endswith':
        return { kind: 'call', sql: `(length(${part}) = 0 OR substr(${text}, -length(${part})) = ${part})`, pos };
      default:
        throw badQuery(`Function '${name}' is not supported (Position: ${pos})`);
    }
  }

  private stringOperand(node: Node, fn: string): string {
    if (node.kind === 'property' && node.property.type === 'Edm.String') return node.property.sql;
    if (node.kind === 'literal' && node.type === 'string') return this.params.add(node.value);
    throw badQuery(`Invalid parametertype used at function '${fn}' (Position: ${node.pos})`);
  }

  private compare(left: Node, op: string, right: Node, pos: number): Node {
    const invalid = () => badQuery(`Invalid parametertype used at function '${op}' (Position: ${pos})`);
    if (left.kind === 'predicate' || right.kind === 'predicate') throw invalid();
    const nullSide =
      left.kind === 'literal' && left.type === 'null' ? right : right.kind === 'literal' && right.type === 'null' ? left : null;
    if (nullSide) {
      if (op !== 'eq' && op !== 'ne') throw invalid();
      return { kind: 'predicate', sql: `(${this.operand(nullSide, null)} IS ${op === 'eq' ? '' : 'NOT '}NULL)`, pos };
    }
    const anchor = left.kind === 'property' ? left.property : right.kind === 'property' ? right.property : null;
    const expected = anchor ? LITERAL_FOR[anchor.type] : left.kind === 'call' || right.kind === 'call' ? 'boolean' : null;
    if (expected === null) throw invalid();
    for (const side of [left, right]) {
      const type = side.kind === 'literal' ? side.type : side.kind === 'call' ? 'boolean' : LITERAL_FOR[side.property.type];
      if (type !== expected) throw invalid();
    }
    const leftSql = this.operand(left, anchor);
    const rightSql = this.operand(right, anchor);
    const sql = `(${leftSql} ${COMPARISONS[op]} ${rightSql})`;
    if (op === 'eq' && left.kind === 'property' && right.kind === 'literal')
      return { kind: 'predicate', sql, pos, equals: { column: leftSql, placeholder: rightSql } };
    return { kind: 'predicate', sql, pos };
  }

  /** SQL for a value operand; literals become parameters, padded like the property they meet. */
  private operand(node: Node, anchor: PropertyDef | null): string {
    switch (node.kind) {
      case 'property':
        return node.property.sql;
      case 'call':
      case 'predicate':
        return node.sql;
      case 'literal':
        if (node.type === 'boolean') return node.value ? '1' : '0';
        if (node.type === 'string' && anchor) return this.params.add(padNumc(anchor, node.value as string));
        return this.params.add(node.value);
    }
  }

  /** A node used as a condition: predicates as they are, boolean values compared with true. */
  private predicate(node: Node): string {
    if (node.kind === 'predicate') return node.sql;
    if (node.kind === 'call') return node.sql;
    if (node.kind === 'property' && node.property.type === 'Edm.Boolean') return `(${node.property.sql} = 1)`;
    if (node.kind === 'literal' && node.type === 'boolean') return node.value ? '(1 = 1)' : '(1 = 0)';
    throw badQuery(`Expression at position ${node.pos} is not a boolean condition`);
  }
}
