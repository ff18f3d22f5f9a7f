import type { HostTensor } from '../models/recommender';

/** Element types this reader understands; all are decoded to float32 on the host. */
const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I32: 4, I64: 8 };

/** Contents of a safetensors file: float32 tensors by name and the string metadata. */
export interface Safetensors {
  tensors: Record<string, HostTensor>;
  metadata: Record<string, string>;
}

/** Thrown for a malformed or unsupported safetensors file; names the file when known. */
export class SafetensorsError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'SafetensorsError';
  }
}

/** Serialises float32 tensors (+ string metadata) into the safetensors format. */
export function encodeSafetensors(
  tensors: Record<string, HostTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const { shape, data } = tensors[name];
    const expected = shape.reduce((a, b) => a * b, 1);
    if (expected !== data.length) {
      throw new Error(
        `tensor ${name}: shape [${shape}] needs ${expected} values, has ${data.length}`,
      );
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors[name];
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pos);
    pos += data.byteLength;
  }
  return out;
}

/** Parses a safetensors file; F16, BF16, F64 and integer tensors are converted to float32. */
export function decodeSafetensors(bytes: Uint8Array, file = 'safetensors file'): Safetensors {
  if (bytes.length < 8)
    throw new SafetensorsError(file, 'expected an 8-byte header length, file too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen <= 0 || 8 + headerLen > bytes.length) {
    throw new SafetensorsError(
      file,
      `header length ${headerLen} does not fit in ${bytes.length} bytes`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    throw new SafetensorsError(file, 'expected a JSON header');
  }
  const dataStart = 8 + headerLen;
  const tensors: Record<string, HostTensor> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = entry as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    const width = DTYPE_BYTES[dtype];
    if (width === undefined) {
      throw new SafetensorsError(
        file,
        `tensor ${name}: unsupported dtype ${dtype} (expected F32, F16, BF16, F64, I32 or I64)`,
      );
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const [start, end] = offsets;
    if (end - start !== count * width || dataStart + end > bytes.length) {
      throw new SafetensorsError(
        file,
        `tensor ${name}: data offsets [${start}, ${end}] do not match shape [${shape}] of ${dtype}`,
      );
    }
    tensors[name] = {
      shape,
      data: toFloat32(bytes.subarray(dataStart + start, dataStart + end), dtype, count),
    };
  }
  return { tensors, metadata };
}

function toFloat32(raw: Uint8Array, dtype: string, count: number): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'F32':
        out[i] = view.getFloat32(i * 4, true);
        break;
      case 'F16':
        out[i] = halfToFloat(view.getUint16(i * 2, true));
        break;
      case 'BF16':
        out[i] = bf16ToFloat(view.getUint16(i * 2, true));
        break;
      case 'F64':
        out[i] = view.getFloat64(i * 8, true);
        break;
      case 'I32':
        out[i] = view.getInt32(i * 4, true);
        break;
      case 'I64':
        out[i] = Number(view.getBigInt64(i * 8, true));
        break;
    }
  }
  return out;
}

const scratch = new DataView(new ArrayBuffer(4));

function bf16ToFloat(bits: number): number {
  scratch.setUint32(0, bits << 16);
  return scratch.getFloat32(0);
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
