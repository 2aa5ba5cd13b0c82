/**
 * The grammar (docs/language.md §2) as a chevrotain CstParser: pure rules, no actions; meaning lives
 * in `cst-to-ast.ts`. Operator levels are loops, not recursion, and prefix operators are
 * repetitions, so only parentheses and CASE deepen the parser's call stack — and those are
 * bounded before parsing (`limits.ts`). Two instances per process, each built once: a strict one
 * for the fast path, and one with error recovery that re-parses text that failed, so that one
 * pass reports every syntax error (chevrotain fixes recovery at construction time).
 */
import { CstParser, type CstNode, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { MAX_DIAGNOSTICS } from '../diagnostics/sink.js';

const K = T.Keyword;

/**
 * Chevrotain's default messages speak of token types; ours are rebuilt from the exception kind
 * and the offending token in `syntax-errors.ts`, so the provider just records what was expected.
 */
const quietMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `expected:${expected.name}`,
  buildNotAllInputParsedMessage: () => 'not-all-input',
  buildNoViableAltMessage: () => 'no-viable-alt',
  buildEarlyExitMessage: () => 'early-exit',
};

/**
 * Thrown when the parser's own rule stack passes the bound. Not a recognition exception, so
 * chevrotain's recovery does not catch it: it unwinds the whole parse (see `parse.ts`).
 */
export class ParseTooDeep extends Error {
  constructor(readonly offset: number) {
    super('parse too deep');
  }
}

/** Thrown by the recovering parser once it has recorded enough errors to report (see `parse.ts`). */
export class TooManySyntaxErrors extends Error {
  constructor() {
    super('too many syntax errors');
  }
}

/** Syntax errors the recovering parser records before it stops: one more than are ever shown. */
const MAX_SYNTAX_ERRORS = MAX_DIAGNOSTICS + 1;

/** Rule invocations per nesting level (expression → … → primary → parenExpr/call/CASE → expression). */
const RULES_PER_LEVEL = 12;
/** Nesting levels the recovering parser may enter (see `bound`). */
const RECOVERY_LEVELS = 24;

export class FormulaParser extends CstParser {
  /**
   * The bound on the rule stack for the next parse. The nesting pre-check (`tooDeepToken`) is
   * exact for the strict parser, but a recovering parser may skip the `)` or `END` the pre-check
   * counted as a closer; this bound holds whatever recovery does.
   */
  maxRuleDepth = RULES_PER_LEVEL * 66;

  /**
   * Set the bound for `maxNesting` levels of parentheses and CASE. Recovery's own machinery
   * (re-sync walks over the grammar) runs on top of the rule stack, so the recovering parser
   * gets a lower bound: measured, a recovering parse overflows Node's default stack near 700
   * rules deep, a strict one stays well past 1,000.
   */
  bound(maxNesting: number): this {
    const levels = this.internals().recoveryEnabled ? Math.min(maxNesting, RECOVERY_LEVELS) : maxNesting;
    this.maxRuleDepth = RULES_PER_LEVEL * (levels + 2);
    return this;
  }

  /** Two fields of chevrotain's recognizer engine (stable across 10.x–11.x, not in its typings). */
  private internals(): { readonly RULE_STACK_IDX: number; readonly recoveryEnabled: boolean } {
    return this as unknown as { RULE_STACK_IDX: number; recoveryEnabled: boolean };
  }

  private guardDepth(): void {
    const depth = this.internals().RULE_STACK_IDX;
    if (depth > this.maxRuleDepth) throw new ParseTooDeep(this.LA(1).startOffset);
  }

  constructor(recoveryEnabled: boolean) {
    super(T.ALL_TOKENS, {
      recoveryEnabled,
      errorMessageProvider: quietMessages,
      maxLookahead: 3,
    });
    this.performSelfAnalysis();
    this.stopAfterManyErrors();
  }

  /**
   * Recovery on garbage (`)))…`, `#a#a…`) records an error per token, and each costs a re-sync;
   * past what will be shown, stop. `SAVE_ERROR` is chevrotain's one door for recording errors.
   */
  private stopAfterManyErrors(): void {
    const engine = this as unknown as { SAVE_ERROR(error: unknown): unknown };
    const save = engine.SAVE_ERROR.bind(this);
    engine.SAVE_ERROR = (error: unknown) => {
      const saved = save(error);
      if (this.errors.length >= MAX_SYNTAX_ERRORS) throw new TooManySyntaxErrors();
      return saved;
    };
  }

  public formula = this.RULE('formula', () => {
    this.SUBRULE(this.expression);
  });

  public expression = this.RULE('expression', () => {
    this.ACTION(() => this.guardDepth());
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(K.OR);
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(K.AND);
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  private notExpr = this.RULE('notExpr', () => {
    this.MANY(() => this.CONSUME(K.NOT, { LABEL: 'nots' }));
    this.SUBRULE(this.comparison);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.CompareOp);
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        { ALT: () => this.SUBRULE(this.isSuffix) },
        { ALT: () => this.SUBRULE(this.inSuffix) },
        { ALT: () => this.SUBRULE(this.betweenSuffix) },
        { ALT: () => this.SUBRULE(this.likeSuffix) },
      ]);
    });
  });

  private isSuffix = this.RULE('isSuffix', () => {
    this.CONSUME(K.IS);
    this.OPTION(() => this.CONSUME(K.NOT));
    this.CONSUME(K.NULL);
  });

  private inSuffix = this.RULE('inSuffix', () => {
    this.OPTION(() => this.CONSUME(K.NOT));
    this.CONSUME(K.IN);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'items' }) });
    this.CONSUME(T.RParen);
  });

  private betweenSuffix = this.RULE('betweenSuffix', () => {
    this.OPTION(() => this.CONSUME(K.NOT));
    this.CONSUME(K.BETWEEN);
    this.SUBRULE(this.additive, { LABEL: 'low' });
    this.CONSUME(K.AND);
    this.SUBRULE2(this.additive, { LABEL: 'high' });
  });

  private likeSuffix = this.RULE('likeSuffix', () => {
    this.OPTION(() => this.CONSUME(K.NOT));
    this.OR([{ ALT: () => this.CONSUME(K.LIKE) }, { ALT: () => this.CONSUME(K.ILIKE) }]);
    this.SUBRULE(this.additive, { LABEL: 'pattern' });
  });

  private additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  private multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  private unary = this.RULE('unary', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Minus, { LABEL: 'signs' }) }, { ALT: () => this.CONSUME(T.Plus, { LABEL: 'signs' }) }]);
    });
    this.SUBRULE(this.primary);
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(K.TRUE) },
      { ALT: () => this.CONSUME(K.FALSE) },
      { ALT: () => this.CONSUME(K.NULL) },
      { ALT: () => this.SUBRULE(this.caseExpr) },
      { ALT: () => this.SUBRULE(this.callOrName) },
      { ALT: () => this.CONSUME(T.QuotedName) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
    ]);
  });

  private parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  private callOrName = this.RULE('callOrName', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.callArgs));
      this.CONSUME(T.RParen);
      this.OPTION3(() => this.SUBRULE(this.filterClause));
      this.OPTION4(() => this.SUBRULE(this.perClause));
    });
  });

  private perClause = this.RULE('perClause', () => {
    this.CONSUME(K.PER);
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.QuotedName) }]);
  });

  private callArgs = this.RULE('callArgs', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(K.DISTINCT));
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }) });
        },
      },
    ]);
  });

  private filterClause = this.RULE('filterClause', () => {
    this.CONSUME(K.FILTER);
    this.CONSUME(T.LParen);
    this.CONSUME(K.WHERE);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  private caseExpr = this.RULE('caseExpr', () => {
    this.CONSUME(K.CASE);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(K.WHEN);
      this.SUBRULE(this.expression, { LABEL: 'whens' });
      this.CONSUME(K.THEN);
      this.SUBRULE2(this.expression, { LABEL: 'thens' });
    });
    this.OPTION(() => {
      this.CONSUME(K.ELSE);
      this.SUBRULE3(this.expression, { LABEL: 'otherwise' });
    });
    this.CONSUME(K.END);
  });
}

let strict: FormulaParser | undefined;
let recovering: FormulaParser | undefined;

/** The process-wide parser, built (and self-analysed) on first use. */
export function parser(options: { recover: boolean } = { recover: false }): FormulaParser {
  if (options.recover) return (recovering ??= new FormulaParser(true));
  return (strict ??= new FormulaParser(false));
}

export type { CstNode, TokenType };
