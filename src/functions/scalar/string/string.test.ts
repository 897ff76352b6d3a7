// Expected values were checked against a real PostgreSQL 15.18 (SELECT of the same call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, callError, callVec } from '../test-support.ts';

const s = (name: string, ...args: unknown[]): unknown =>
  call(name, args.map((a) => (typeof a === 'number' ? 'int4' : 'text')), ...args);

test('lengths count characters, octets and bits', () => {
  assert.deepEqual(callVec('length', ['text'], [['héllo', '', null, '😀']]).values, [5, 0, null, 1]);
  assert.equal(s('char_length', 'abc'), 3);
  assert.equal(s('character_length', 'abc'), 3);
  assert.equal(s('octet_length', 'é'), 2);
  assert.equal(s('bit_length', 'é'), 16);
});

test('char(n): length ignores the padding (bpcharlen), octet_length counts it', () => {
  assert.deepEqual(callVec('length', ['bpchar'], [['ab   ', '     ', 'ü    ', null]]).values, [2, 0, 1, null]);
  assert.deepEqual(callVec('char_length', ['bpchar'], [['ab   ']]).values, [2]);
  assert.deepEqual(callVec('character_length', ['bpchar'], [['a b  ']]).values, [3]);
  assert.deepEqual(callVec('octet_length', ['bpchar'], [['ab   ', 'ü    ', '']]).values, [5, 6, 0]);
});

test('case functions', () => {
  assert.equal(s('upper', 'abc'), 'ABC');
  assert.equal(s('lower', 'ÀB'), 'àb');
  assert.equal(s('initcap', 'hELLO wORLD-foo_bar 3abc éCOLE'), 'Hello World-Foo_Bar 3abc École');
});

test('substr with PostgreSQL start/length semantics', () => {
  assert.equal(s('substr', 'hello', -2, 4), 'h');
  assert.equal(s('substr', 'hello', 2), 'ello');
  assert.equal(s('substring', 'hello', 10), '');
  assert.equal(s('substr', 'hello', -10), 'hello');
  assert.deepEqual(callError('substr', ['text', 'int4', 'int4'], 'hello', 0, -1), { code: '22011', message: 'negative substring length not allowed' });
});

test('position, overlay, trims, pads', () => {
  assert.equal(s('strpos', 'abc', ''), 1);
  assert.equal(s('position', 'abc', 'c'), 3);
  assert.equal(s('overlay', 'Txxxxas', 'hom', 2, 4), 'Thomas');
  assert.equal(s('overlay', 'abc', 'X', 2, -1), 'aXabc');
  assert.equal(s('overlay', 'abcdef', 'XY', 5, 10), 'abcdXY');
  assert.deepEqual(callError('overlay', ['text', 'text', 'int4'], 'abc', 'X', 0), { code: '22011', message: 'negative substring length not allowed' });
  assert.equal(s('btrim', '  x  '), 'x');
  assert.equal(s('btrim', 'xyxaxy', 'xy'), 'a');
  assert.equal(s('ltrim', 'xxa', 'x'), 'a');
  assert.equal(s('rtrim', 'axx', 'x'), 'a');
  assert.equal(s('lpad', 'abc', 5, ''), 'abc');
  assert.equal(s('lpad', 'abcdef', 3, 'x'), 'abc');
  assert.equal(s('lpad', 'ab', 5, 'xy'), 'xyxab');
  assert.equal(s('rpad', 'ab', -1), '');
});

test('repeat, replace, reverse, left, right, split_part, translate', () => {
  assert.equal(s('repeat', 'ab', -1), '');
  assert.equal(s('repeat', 'ab', 3), 'ababab');
  assert.equal(s('replace', 'abcabc', 'b', 'X'), 'aXcaXc');
  assert.equal(s('reverse', 'abc'), 'cba');
  assert.equal(s('left', 'abc', -1), 'ab');
  assert.equal(s('right', 'abc', -1), 'bc');
  assert.equal(s('left', 'abc', -5), '');
  assert.equal(s('right', 'abc', 10), 'abc');
  assert.equal(s('split_part', 'a,b,c', ',', -1), 'c');
  assert.equal(s('split_part', 'a,b,c', '', 1), 'a,b,c');
  assert.equal(s('split_part', 'a,b', ',', 5), '');
  assert.deepEqual(callError('split_part', ['text', 'text', 'int4'], 'a,b', ',', 0), { code: '22023', message: 'field position must not be zero' });
  assert.equal(s('translate', '12345', '143', 'ax'), 'a2x5');
});

test('md5, ascii, chr, starts_with, to_hex', () => {
  assert.equal(s('md5', ''), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(s('md5', 'é'), '66ddcd97cfdeabb2f6fb8a999b4bc76f');
  assert.equal(s('ascii', ''), 0);
  assert.equal(s('ascii', 'é'), 233);
  assert.equal(s('chr', 65), 'A');
  assert.deepEqual(callError('chr', ['int4'], 0), { code: '54000', message: 'null character not permitted' });
  assert.deepEqual(callError('chr', ['int4'], -1), { code: '22023', message: 'character number must be positive' });
  assert.deepEqual(callError('chr', ['int4'], 1114112), { code: '54000', message: 'requested character too large for encoding: 1114112' });
  assert.deepEqual(callError('chr', ['int4'], 55296), { code: '54000', message: 'requested character not valid for encoding: 55296' });
  assert.equal(s('starts_with', 'alphabet', 'alph'), true);
  assert.equal(call('to_hex', ['int4'], -1), 'ffffffff');
  assert.equal(call('to_hex', ['int8'], -1n), 'ffffffffffffffff');
  assert.equal(call('to_hex', ['int8'], 9223372036854775807n), '7fffffffffffffff');
  assert.equal(call('to_hex', ['int8'], -9223372036854775808n), '8000000000000000');
});

test('quoting', () => {
  const qi = ['abc', 'Abc', 'select', 'a b', '_x1$', 'int', 'name', '1a', 'é'].map((x) => s('quote_ident', x));
  assert.deepEqual(qi, ['abc', '"Abc"', '"select"', '"a b"', '"_x1$"', '"int"', 'name', '"1a"', '"é"']);
  assert.equal(s('quote_literal', "a\\b'c"), "E'a\\\\b''c'");
  assert.equal(s('quote_literal', 'x'), "'x'");
  assert.deepEqual(callVec('quote_nullable', ['text'], [[null, 'x']]).values, ['NULL', "'x'"]);
});

test('concat and concat_ws print each type and skip NULLs', () => {
  const r = callVec('concat', ['text', 'text', 'int4', 'bool', 'date'], [['a'], [null], [1], [true], [19723]]);
  assert.deepEqual(r.values, ['a1t2024-01-01']);
  assert.deepEqual(callVec('concat_ws', ['text', 'text', 'text', 'text'], [[',', null], ['a', 'a'], [null, 'b'], ['b', 'c']]).values, ['a,b', null]);
});

test('regexp_replace: flags, backreferences, PostgreSQL dot semantics', () => {
  const rr = (...a: string[]): unknown => call('regexp_replace', a.map(() => 'text'), ...a);
  assert.equal(rr('aAa', 'a', 'x', 'gi'), 'xxx');
  assert.equal(rr('abc', '(b)', '[\\1\\&\\\\]'), 'a[bb\\]c');
  assert.equal(rr('abc', 'b', '[\\x\\0]'), 'a[\\x\\0]c');
  assert.equal(rr('abc', '(b)', '\\2'), 'ac');
  assert.equal(rr('a\nb', '.', 'X', 'g'), 'XXX');
  assert.equal(rr('a\nb', '^b', 'X'), 'a\nb');
  assert.equal(rr('a\nb', '^b', 'X', 'n'), 'a\nX');
  assert.equal(rr('foo bar', '\\mb', 'X'), 'foo Xar');
  assert.equal(rr('ab12', '[[:digit:]]', '#', 'g'), 'ab##');
  assert.equal(rr('abc', '', 'X', 'g'), 'XaXbXcX');
  assert.deepEqual(callError('regexp_replace', ['text', 'text', 'text', 'text'], 'a', 'b', 'c', 'z'),
    { code: '22023', message: 'invalid regular expression option: "z"' });
  assert.equal(callError('regexp_replace', ['text', 'text', 'text'], 'a', '(', 'c').code, '2201B');
});

test('encode and decode', () => {
  const enc = (b: number[], f: string): unknown => call('encode', ['bytea', 'text'], Uint8Array.from(b), f);
  const dec = (t: string, f: string): number[] => Array.from(call('decode', ['text', 'text'], t, f) as Uint8Array);
  assert.equal(enc([0, 255], 'base64'), 'AP8=');
  assert.equal(enc(Array(60).fill(97), 'base64'), `${'YWFh'.repeat(19)}\nYWFh`);
  assert.equal(enc([0x41, 0x42], 'HEX'), '4142');
  assert.equal(enc([0x61, 0x5c, 0x62, 0, 0xff], 'escape'), 'a\\\\b\\000\\377');
  assert.deepEqual(dec('41 42', 'hex'), [0x41, 0x42]);
  assert.deepEqual(dec('QUJD\nRA==', 'base64'), [0x41, 0x42, 0x43, 0x44]);
  assert.deepEqual(dec('QQ=x', 'base64'), [0x41]);
  assert.deepEqual(dec('a\\\\b\\001x', 'escape'), [0x61, 0x5c, 0x62, 0x01, 0x78]);
  assert.deepEqual(callError('encode', ['bytea', 'text'], new Uint8Array(1), 'foo'), { code: '22023', message: 'unrecognized encoding: "foo"' });
  assert.deepEqual(callError('decode', ['text', 'text'], 'abc', 'hex'), { code: '22023', message: 'invalid hexadecimal data: odd number of digits' });
  assert.deepEqual(callError('decode', ['text', 'text'], 'zz', 'hex'), { code: '22023', message: 'invalid hexadecimal digit: "z"' });
  assert.deepEqual(callError('decode', ['text', 'text'], 'a', 'base64'), { code: '22023', message: 'invalid base64 end sequence' });
  assert.deepEqual(callError('decode', ['text', 'text'], '=QQQ', 'base64'), { code: '22023', message: 'unexpected "=" while decoding base64 sequence' });
  assert.deepEqual(callError('decode', ['text', 'text'], 'a\\9', 'escape'), { code: '22P02', message: 'invalid input syntax for type bytea' });
});

test('format', () => {
  const f = (types: ('text' | 'int4')[], ...a: unknown[]): unknown => call('format', ['text', ...types], ...a);
  assert.equal(f(['text', 'text', 'text'], '%s|%I|%L', 'x', 'My Col', "it's"), `x|"My Col"|'it''s'`);
  assert.equal(f(['text', 'text'], '%2$s %1$s', 'a', 'b'), 'b a');
  assert.equal(f(['text', 'text'], '[%5s][%-5s]', 'ab', 'cd'), '[   ab][cd   ]');
  assert.equal(f(['text'], '%L', null), 'NULL');
  assert.equal(f(['text'], '%s', null), '');
  assert.equal(call('format', ['text'], null), null);
  assert.deepEqual(callError('format', ['text', 'int4'], '%s %I', 1), { code: '22023', message: 'too few arguments for format()' });
  assert.deepEqual(callError('format', ['text', 'text'], '%I', null), { code: '22004', message: 'null values cannot be formatted as an SQL identifier' });
  assert.deepEqual(callError('format', ['text', 'int4'], '%x', 1), { code: '22023', message: 'unrecognized format() type specifier "x"' });
});
