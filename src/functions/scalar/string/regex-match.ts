/**
 * The regular-expression match operators as PostgreSQL names their functions: textregexeq (~),
 * texticregexeq (~*), textregexne (!~), texticregexne (!~*). The binder maps the operators to these.
 */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapStrict2 } from '../kernel-helpers.ts';
import { compileRegex } from './regex.ts';

const matcher = (name: string, flags: string, negate: boolean): ScalarFunction => ({
  name,
  overloads: [{
    args: ['text', 'text'], returns: 'bool',
    kernel: mapStrict2('bool', (s: string, pattern: string) => {
      const { re } = compileRegex(pattern, flags);
      re.lastIndex = 0;
      return re.test(s) !== negate;
    }),
  }],
});

export const textregexeq = matcher('textregexeq', '', false);
export const texticregexeq = matcher('texticregexeq', 'i', false);
export const textregexne = matcher('textregexne', '', true);
export const texticregexne = matcher('texticregexne', 'i', true);
