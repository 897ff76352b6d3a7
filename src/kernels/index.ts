/** The face of kernels/: pure vectorized column kernels (cast, arithmetic, comparison, hashing, LIKE, sort). */
export * from './cast.ts';
export * from './arith.ts';
export * from './compare.ts';
export * from './datetime-arith.ts';
export * from './hash.ts';
export * from './like.ts';
export * from './sort.ts';
export * from './scaled-decimal.ts';
export * from './int-hash.ts';
export * from './equality-index.ts';
