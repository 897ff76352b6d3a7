/** pg_get_keywords(): PostgreSQL 15's keywords with their category and whether they can be a bare label. */
import { KEYWORD_CATEGORIES, KEYWORDS_REQUIRING_AS, sqlType, T, type KeywordCategory } from '../../common/index.ts';
import type { SetReturningFunction } from '../../plan/index.ts';

const DESCRIPTIONS: Readonly<Record<KeywordCategory, string>> = {
  U: 'unreserved', C: 'unreserved (cannot be function or type name)', T: 'reserved (can be function or type name)', R: 'reserved',
};

/** Every keyword in PostgreSQL's order (by name). */
const ROWS: readonly (readonly [string, KeywordCategory])[] = (Object.keys(KEYWORD_CATEGORIES) as KeywordCategory[])
  .flatMap((c) => KEYWORD_CATEGORIES[c].map((w) => [w, c] as const))
  .sort((a, b) => (a[0] < b[0] ? -1 : 1));

export const PG_GET_KEYWORDS: SetReturningFunction = {
  name: 'pg_get_keywords',
  overloads: [{
    args: [],
    columns: () => [
      { name: 'word', type: T.text }, { name: 'catcode', type: sqlType('char') }, { name: 'barelabel', type: T.bool },
      { name: 'catdesc', type: T.text }, { name: 'baredesc', type: T.text },
    ],
    *rows() {
      for (const [word, cat] of ROWS) {
        const bare = !KEYWORDS_REQUIRING_AS.has(word);
        yield [word, cat, bare, DESCRIPTIONS[cat], bare ? 'can be bare label' : 'requires AS'];
      }
    },
  }],
};
