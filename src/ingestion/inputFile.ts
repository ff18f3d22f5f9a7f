/** One input file as raw bytes (or text already decoded), named as the user gave it. */
export interface InputFile {
  /** File name, possibly with a folder prefix (e.g. `ml-100k/u.data`); used for detection and errors. */
  name: string;
  data: Uint8Array | string;
}

/** The last path segment of a file name. */
export function baseName(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut >= 0 ? name.slice(cut + 1) : name;
}
