// Structures, as NASM's standard macros write them (manual §5.9): `struc NAME` … `endstruc` lays fields out in
// an `absolute` block, so `NAME.field` is the field's offset and `NAME_size` the structure's size; `istruc NAME`
// … `at NAME.field, db …` … `iend` fills one in, padding each field to its offset with zeros. Each becomes a
// few plain statements (absolute, labels, equ, times … db 0), the very ones NASM's macros expand to.

import { spanOf, type Expr, type TokenCursor } from './expressions';
import type { Token } from './lexer';
import { parseExpressionAt, parseProblem, type ParseProblem, type ParseState } from './parser';
import type { Columns, Statement, StatementBody } from './statements';

export const STRUCTURE_WORDS = new Set(['struc', 'endstruc', 'istruc', 'at', 'iend', 'absolute']);

const sym = (name: string, columns: Columns): Expr => ({ k: 'sym', name, ...columns });
const minus = (a: Expr, b: Expr, columns: Columns): Expr => ({ k: 'binary', op: '-', a, b, ...columns });
const HERE: Expr = { k: 'here' };
const ZERO_BYTE: StatementBody = { k: 'data', unit: 1, items: [{ k: 'string', bytes: [0] }] };

/**
 * Parse a structure line (the word is at the cursor). `base` is the line's statement so far (its label, if
 * any); `rest` parses the remainder of an `at` line as a statement of its own. Returns the statements.
 */
export function parseStructure(
  cursor: TokenCursor,
  state: ParseState,
  base: Statement,
  rest: (tokens: Token[]) => Statement[]
): Statement[] | ParseProblem {
  const keyword = cursor.next() as Token;
  const word = keyword.text.toLowerCase();
  const columns = spanOf(keyword);
  const statement = (body: StatementBody, extra: Partial<Statement> = {}): Statement => ({
    ref: base.ref,
    listIndex: base.listIndex,
    body,
    ...extra
  });
  const out: Statement[] = base.label ? [statement({ k: 'empty' }, { label: base.label })] : [];

  switch (word) {
    case 'absolute': {
      if (cursor.atEnd()) return parseProblem('absolute needs an address: absolute 0x400', columns);
      const expr = parseExpressionAt(cursor, state);
      if ('message' in expr) return expr;
      state.section = 'absolute';
      return [...out, statement({ k: 'absolute', expr, columns })];
    }
    case 'struc': {
      const name = cursor.next();
      if (!name || name.kind !== 'id') return parseProblem('struc needs a name: struc point', columns);
      let offset: Expr = { k: 'num', value: 0n };
      if (cursor.isOp(',')) {
        cursor.next();
        const expr = parseExpressionAt(cursor, state);
        if ('message' in expr) return expr;
        offset = expr;
      }
      if (state.struc)
        return parseProblem(
          `struc ${name.text} inside struc ${state.struc.name}: close it with endstruc first`,
          spanOf(name)
        );
      state.struc = { name: name.text, previous: state.section };
      state.section = 'absolute';
      state.scope = name.text;
      return [
        ...out,
        statement({ k: 'absolute', expr: offset, columns }),
        statement({ k: 'empty' }, { label: { name: name.text, columns: spanOf(name) } })
      ];
    }
    case 'endstruc': {
      const open = state.struc;
      if (!open) return parseProblem('endstruc without struc', columns);
      state.struc = null;
      state.section = open.previous;
      const size = statement(
        { k: 'equ', expr: minus(HERE, sym(open.name, columns), columns) },
        {
          label: { name: `${open.name}_size`, columns }
        }
      );
      const back: StatementBody =
        open.previous === 'absolute' ? { k: 'empty' } : { k: 'section', name: open.previous, align: 0 };
      return [...out, size, statement(back)];
    }
    case 'istruc': {
      const name = cursor.next();
      if (!name || name.kind !== 'id')
        return parseProblem('istruc needs the name of a struc: istruc point', columns);
      const start = `..@istruc${state.structures++}`;
      state.istruc = { name: name.text, start };
      return [...out, statement({ k: 'empty' }, { label: { name: start, columns } })];
    }
    case 'at': {
      const open = state.istruc;
      if (!open) return parseProblem('at is used between istruc and iend', columns);
      const field = parseExpressionAt(cursor, state);
      if ('message' in field) return field;
      // times (field - struc) - ($ - start) db 0, then the field's data.
      const offset = minus(field, sym(open.name, columns), columns);
      const filled = minus(HERE, sym(open.start, columns), columns);
      const pad = statement(ZERO_BYTE, { times: { expr: minus(offset, filled, columns), columns } });
      if (!cursor.isOp(',')) return [...out, pad];
      cursor.next();
      return [...out, pad, ...rest(cursor.tokens.slice(cursor.index) as Token[])];
    }
    case 'iend': {
      const open = state.istruc;
      if (!open) return parseProblem('iend without istruc', columns);
      state.istruc = null;
      const size = sym(`${open.name}_size`, columns);
      const filled = minus(HERE, sym(open.start, columns), columns);
      return [...out, statement(ZERO_BYTE, { times: { expr: minus(size, filled, columns), columns } })];
    }
  }
  return parseProblem(`${word} is not a structure keyword`, columns);
}
