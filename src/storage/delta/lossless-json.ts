/**
 * JSON.parse that keeps number literals as their source text, for Delta stats: decimal(38,s) min/max values
 * do not survive a trip through doubles. (Node 20 lacks JSON.parse source text access.)
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  valueOf(): number { return Number(this.text); }
}

export type LosslessJson = null | boolean | string | JsonNumber | LosslessJson[] | { [k: string]: LosslessJson };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

export function parseLosslessJson(text: string): LosslessJson {
  let i = 0;
  const ws = (): void => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const fail = (): never => { throw new SyntaxError(`invalid JSON at offset ${i}`); };
  const value = (): LosslessJson => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: LosslessJson } = {};
      ws();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        const k = value();
        if (typeof k !== 'string') fail();
        ws();
        if (text[i++] !== ':') fail();
        obj[k as string] = value();
        ws();
        const d = text[i++];
        if (d === '}') return obj;
        if (d !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const arr: LosslessJson[] = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return arr;
        if (d !== ',') fail();
      }
    }
    if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text) ?? fail();
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(lit, i)) { i += lit.length; return v; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text) ?? fail();
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}
