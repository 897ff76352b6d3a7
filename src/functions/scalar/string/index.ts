import type { ScalarFunction } from '../../../plan/index.ts';
import { alias } from '../../registry.ts';
import { charLengthFn, length } from './length.ts';
import { bitLength, octetLength } from './octet-length.ts';
import { initcap, lower, upper } from './case.ts';
import { substr } from './substr.ts';
import { position, strpos } from './strpos.ts';
import { overlay } from './overlay.ts';
import { btrim, ltrim, rtrim } from './trim.ts';
import { lpad, rpad } from './pad.ts';
import { repeat } from './repeat.ts';
import { replace } from './replace.ts';
import { reverse } from './reverse.ts';
import { left, right } from './left-right.ts';
import { splitPartFn } from './split-part.ts';
import { concat, concatWs } from './concat.ts';
import { translate } from './translate.ts';
import { md5 } from './md5.ts';
import { ascii, chr } from './ascii-chr.ts';
import { startsWith } from './starts-with.ts';
import { toHex } from './to-hex.ts';
import { quoteIdentFn, quoteLiteralFn, quoteNullable } from './quote.ts';
import { regexpReplaceFn } from './regexp-replace.ts';
import { texticregexeq, texticregexne, textregexeq, textregexne } from './regex-match.ts';
import { decode, encode } from './encode.ts';
import { format } from './format.ts';
import { parseIdentFn } from './parse-ident.ts';

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  length, charLengthFn, alias(charLengthFn, 'character_length'), octetLength, bitLength,
  lower, upper, initcap,
  substr, alias(substr, 'substring'),
  strpos, position,
  overlay,
  btrim, ltrim, rtrim,
  lpad, rpad,
  repeat, replace, reverse, left, right,
  splitPartFn,
  concat, concatWs,
  translate, md5, ascii, chr, startsWith, toHex,
  quoteIdentFn, quoteLiteralFn, quoteNullable, parseIdentFn,
  regexpReplaceFn,
  textregexeq, texticregexeq, textregexne, texticregexne,
  encode, decode,
  format,
];
