const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of one float32 value, rounded to nearest even (overflow → ±Infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0); // Inf, NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let out = mant >>> shift;
    if (rest > half || (rest === half && (out & 1) === 1)) out += 1;
    return sign | out;
  }
  let out = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (out & 1) === 1)) out += 1; // may carry into the exponent
  return sign | out;
}

/** The float32 value of half-precision `bits`. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Half-precision bits of every value of `data`. */
export function toFloat16(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = float16Bits(data[i]);
  return out;
}

let table: Float32Array | null = null;

/** Float32 values of half-precision `bits`, written into `out` at `offset` (a new array by default). */
export function fromFloat16(
  bits: Uint16Array,
  out = new Float32Array(bits.length),
  offset = 0,
): Float32Array {
  if (table === null) table = Float32Array.from({ length: 0x10000 }, (_, b) => float16Value(b));
  for (let i = 0; i < bits.length; i++) out[offset + i] = table[bits[i]];
  return out;
}

/** `data` rounded to the nearest half-precision values, as float32 (what float16 storage keeps). */
export function roundToFloat16(data: Float32Array): Float32Array {
  return fromFloat16(toFloat16(data));
}
