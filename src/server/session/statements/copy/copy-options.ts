/**
 * COPY's WITH (…) options, checked as PostgreSQL 15's ProcessCopyOptions checks them (same messages and
 * SQLSTATEs), plus Basin's `FORMAT parquet`. The old option syntax (`CSV HEADER`, `DELIMITER ','` without
 * parentheses) reaches here as the same DefElems. FREEZE is accepted and changes nothing: a Delta commit makes
 * its files visible to every later snapshot at once anyway. ENCODING accepts UTF8 (and SQL_ASCII) only.
 */
import { SqlError, SqlState } from '../../../../common/index.ts';
import { strings, type Ast } from '../../../../sql/index.ts';

export type CopyFormat = 'text' | 'csv' | 'binary' | 'parquet';

/** Options of a COPY FROM in text or CSV format, as the delimited-file reader uses them. */
export interface DelimitedOptions {
  readonly csv: boolean;
  /** One ASCII byte each. */
  readonly delimiter: number;
  readonly quote: number;
  readonly escape: number;
  /** The NULL string, compared with a field's raw bytes. */
  readonly nullString: Uint8Array;
  readonly header: boolean | 'match';
}

export interface CopyOptions extends DelimitedOptions {
  readonly format: CopyFormat;
  readonly freeze: boolean;
  /** FORCE_QUOTE column names, or '*' for all (CSV, COPY TO only). */
  readonly forceQuote: readonly string[] | '*';
  /** FORCE_NOT_NULL / FORCE_NULL column names (CSV, COPY FROM only). */
  readonly forceNotNull: readonly string[];
  readonly forceNull: readonly string[];
}

/** A DefElem argument as text (PostgreSQL's defGetString). */
function argText(d: Ast): string | undefined {
  const a = d.arg;
  if (a === undefined) return undefined;
  if (a.String !== undefined) return a.String.sval ?? '';
  if (a.Integer !== undefined) return String(a.Integer.ival ?? 0);
  if (a.Float !== undefined) return String(a.Float.fval);
  if (a.Boolean !== undefined) return a.Boolean.boolval === true ? 'true' : 'false';
  if (a.A_Star !== undefined) return '*';
  if (a.TypeName !== undefined) return strings(a.TypeName.names).join('.');
  return undefined;
}

function requireText(d: Ast, pos: (loc: number | undefined) => number | undefined): string {
  const s = argText(d);
  if (s === undefined) throw new SqlError(SqlState.syntaxError, `${d.defname} requires a parameter`, { position: pos(d.location) });
  return s;
}

/** PostgreSQL's defGetBoolean. */
function booleanOf(d: Ast, pos: (loc: number | undefined) => number | undefined): boolean {
  if (d.arg === undefined) return true;
  if (d.arg.Integer !== undefined) {
    const v = d.arg.Integer.ival ?? 0;
    if (v === 0 || v === 1) return v === 1;
  } else {
    const s = (argText(d) ?? '').toLowerCase();
    if (['true', 'on', 'yes', 't', 'y', '1'].includes(s)) return true;
    if (['false', 'off', 'no', 'f', 'n', '0'].includes(s)) return false;
  }
  throw new SqlError(SqlState.syntaxError, `${d.defname} requires a Boolean value`, { position: pos(d.location) });
}

/** PostgreSQL 15's defGetCopyHeaderChoice. */
function headerOf(d: Ast, isFrom: boolean): boolean | 'match' {
  if (d.arg === undefined) return true;
  if (d.arg.Integer !== undefined) {
    const v = d.arg.Integer.ival ?? 0;
    if (v === 0 || v === 1) return v === 1;
  } else {
    const s = (argText(d) ?? '').toLowerCase();
    if (s === 'true' || s === 'on') return true;
    if (s === 'false' || s === 'off') return false;
    if (s === 'match') {
      if (!isFrom) throw new SqlError(SqlState.featureNotSupported, `cannot use "${argText(d)}" with HEADER in COPY TO`);
      return 'match';
    }
  }
  throw new SqlError(SqlState.syntaxError, `${d.defname} requires a Boolean value or "match"`);
}

function columnList(d: Ast, pos: (loc: number | undefined) => number | undefined): string[] {
  if (d.arg?.List !== undefined) return strings(d.arg.List.items);
  throw new SqlError(SqlState.invalidParameterValue, `argument to option "${d.defname}" must be a list of column names`, { position: pos(d.location) });
}

const UTF8_NAMES = new Set(['utf8', 'unicode', 'sqlascii']);
/** The other server and client encodings PostgreSQL knows (named without punctuation). */
const OTHER_ENCODINGS = /^(latin([1-9]|10)|win(866|874|125[0-8])|iso8859[1-9]|iso885915|koi8[ru]|euc(jp|cn|kr|tw|jis2004)|mule(internal)?|sjis|shiftjis2004|big5|gbk|gb18030|uhc|johab|alt|tcvn|tcvn5712|vscii|windows(866|874|125[0-8]))$/;

export function parseCopyOptions(defs: readonly Ast[], isFrom: boolean, pos: (loc: number | undefined) => number | undefined): CopyOptions {
  const seen = new Set<string>();
  let format: CopyFormat = 'text';
  let freeze = false;
  let delimiter: string | undefined;
  let nullString: string | undefined;
  let header: boolean | 'match' = false;
  let quote: string | undefined;
  let escape: string | undefined;
  let forceQuote: string[] | '*' = [];
  let forceNotNull: string[] = [];
  let forceNull: string[] = [];
  for (const raw of defs) {
    const d = raw.DefElem as Ast;
    const name: string = d.defname;
    const once = (): void => {
      if (seen.has(name)) throw new SqlError(SqlState.syntaxError, 'conflicting or redundant options', { position: pos(d.location) });
      seen.add(name);
    };
    switch (name) {
      case 'format': {
        once();
        const f = requireText(d, pos);
        if (f !== 'text' && f !== 'csv' && f !== 'binary' && f !== 'parquet') {
          throw new SqlError(SqlState.invalidParameterValue, `COPY format "${f}" not recognized`, { position: pos(d.location) });
        }
        format = f;
        break;
      }
      case 'freeze': once(); freeze = booleanOf(d, pos); break;
      case 'delimiter': once(); delimiter = requireText(d, pos); break;
      case 'null': once(); nullString = requireText(d, pos); break;
      case 'header': once(); header = headerOf(d, isFrom); break;
      case 'quote': once(); quote = requireText(d, pos); break;
      case 'escape': once(); escape = requireText(d, pos); break;
      case 'force_quote':
        once();
        forceQuote = d.arg?.A_Star !== undefined ? '*' : columnList(d, pos);
        break;
      case 'force_not_null': once(); forceNotNull = columnList(d, pos); break;
      case 'force_null': once(); forceNull = columnList(d, pos); break;
      case 'encoding': {
        once();
        const e = requireText(d, pos);
        // PostgreSQL's pg_char_to_encoding compares names without punctuation, case-insensitively.
        const key = e.toLowerCase().replace(/[^a-z0-9]/g, '');
        if (!UTF8_NAMES.has(key)) {
          if (!OTHER_ENCODINGS.test(key)) {
            throw new SqlError(SqlState.invalidParameterValue, `argument to option "encoding" must be a valid encoding name`, { position: pos(d.location) });
          }
          throw new SqlError(SqlState.featureNotSupported, `COPY ENCODING '${e}' is not supported: Basin reads UTF8 files only`);
        }
        break;
      }
      default:
        throw new SqlError(SqlState.syntaxError, `option "${name}" not recognized`, { position: pos(d.location) });
    }
  }
  const csv = format === 'csv';
  if (format === 'binary' && delimiter !== undefined) throw new SqlError(SqlState.syntaxError, 'cannot specify DELIMITER in BINARY mode');
  if (format === 'binary' && nullString !== undefined) throw new SqlError(SqlState.syntaxError, 'cannot specify NULL in BINARY mode');
  const delim = delimiter ?? (csv ? ',' : '\t');
  const nul = nullString ?? (csv ? '' : '\\N');
  const q = quote ?? (csv ? '"' : undefined);
  const esc = escape ?? (csv ? q : undefined);
  if (Buffer.byteLength(delim) !== 1) throw new SqlError(SqlState.featureNotSupported, 'COPY delimiter must be a single one-byte character');
  if (/[\r\n]/.test(delim)) throw new SqlError(SqlState.invalidParameterValue, 'COPY delimiter cannot be newline or carriage return');
  if (/[\r\n]/.test(nul)) throw new SqlError(SqlState.invalidParameterValue, 'COPY null representation cannot use newline or carriage return');
  if (!csv && '\\.abcdefghijklmnopqrstuvwxyz0123456789'.includes(delim)) {
    throw new SqlError(SqlState.invalidParameterValue, `COPY delimiter cannot be "${delim}"`);
  }
  if (format === 'binary' && header !== false) throw new SqlError(SqlState.featureNotSupported, 'cannot specify HEADER in BINARY mode');
  if (!csv && quote !== undefined) throw new SqlError(SqlState.featureNotSupported, 'COPY quote available only in CSV mode');
  if (csv && Buffer.byteLength(q!) !== 1) throw new SqlError(SqlState.featureNotSupported, 'COPY quote must be a single one-byte character');
  if (csv && delim === q) throw new SqlError(SqlState.invalidParameterValue, 'COPY delimiter and quote must be different');
  if (!csv && escape !== undefined) throw new SqlError(SqlState.featureNotSupported, 'COPY escape available only in CSV mode');
  if (csv && Buffer.byteLength(esc!) !== 1) throw new SqlError(SqlState.featureNotSupported, 'COPY escape must be a single one-byte character');
  const quoting = forceQuote === '*' || forceQuote.length > 0;
  if (!csv && quoting) throw new SqlError(SqlState.featureNotSupported, 'COPY force quote available only in CSV mode');
  if (quoting && isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY force quote only available using COPY TO');
  if (!csv && forceNotNull.length > 0) throw new SqlError(SqlState.featureNotSupported, 'COPY force not null available only in CSV mode');
  if (forceNotNull.length > 0 && !isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY force not null only available using COPY FROM');
  if (!csv && forceNull.length > 0) throw new SqlError(SqlState.featureNotSupported, 'COPY force null available only in CSV mode');
  if (forceNull.length > 0 && !isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY force null only available using COPY FROM');
  if (nul.includes(delim)) throw new SqlError(SqlState.invalidParameterValue, 'COPY delimiter must not appear in the NULL specification');
  if (csv && nul.includes(q!)) throw new SqlError(SqlState.invalidParameterValue, 'CSV quote character must not appear in the NULL specification');
  if (format === 'parquet') {
    if (delimiter !== undefined || nullString !== undefined || header !== false || quote !== undefined || escape !== undefined) {
      throw new SqlError(SqlState.featureNotSupported, 'COPY FORMAT parquet takes no DELIMITER, NULL, HEADER, QUOTE or ESCAPE option');
    }
  }
  return {
    format, freeze, csv, header, forceQuote, forceNotNull, forceNull,
    delimiter: delim.charCodeAt(0),
    quote: (q ?? '"').charCodeAt(0),
    escape: (esc ?? '"').charCodeAt(0),
    nullString: new TextEncoder().encode(nul),
  };
}
