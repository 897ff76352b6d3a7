/**
 * The generator's random streams. Every column draws from its own stream, seeded from the column's name, so
 * adding a draw to one column never shifts the values of another, and the same scale factor always yields the
 * same files. The generator is mulberry32: 32-bit state, fast in V8 (no BigInt, no allocation per draw).
 */
export class Stream {
  private state: number;

  constructor(name: string) {
    // FNV-1a of the stream's name: a fixed, well-spread seed per column.
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    this.state = h >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi] (the specification's "random value [lo .. hi]"). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}
