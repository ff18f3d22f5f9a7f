/** Files produced by a converter: relative path → text content. */
export type DatasetFiles = Record<string, string>;
