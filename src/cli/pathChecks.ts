import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { PathError } from './commandExit';

/** The file's stats, or undefined when nothing is there. */
function statOf(flag: string, file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR')
      throw new PathError(`${flag}: ${file}: a part of the path is a file, not a folder`);
    throw err;
  }
}

/** A few entries of a folder, to say what it holds. */
function someEntries(dir: string): string {
  const names = readdirSync(dir).sort();
  if (names.length === 0) return 'it is empty';
  const shown = names.slice(0, 4).join(', ');
  return `it holds ${shown}${names.length > 4 ? `, … (${names.length} entries)` : ''}`;
}

/** Throws a `PathError` unless `file` (given as `flag`) is a readable file. */
export function requireFile(flag: string, file: string): void {
  const stats = statOf(flag, file);
  if (stats === undefined) throw new PathError(`${flag}: file not found: ${file}`);
  if (stats.isDirectory())
    throw new PathError(
      `${flag}: ${file} is a folder, expected a file (${someEntries(file)}); name a file in it`,
    );
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new PathError(`${flag}: ${file}: permission denied (cannot read it)`);
  }
}

/** Throws a `PathError` unless `dir` (given as `flag`) is an existing folder. */
export function requireFolder(flag: string, dir: string): void {
  const stats = statOf(flag, dir);
  if (stats === undefined) throw new PathError(`${flag}: folder not found: ${dir}`);
  if (!stats.isDirectory()) throw new PathError(`${flag}: ${dir} is a file, expected a folder`);
}

/** The nearest existing folder at or above `target`; throws when a file is in the way. */
function existingAncestor(flag: string, target: string): string {
  let dir = path.resolve(target);
  let stats = statOf(flag, dir);
  while (stats === undefined) {
    dir = path.dirname(dir);
    stats = statOf(flag, dir);
  }
  if (!stats.isDirectory())
    throw new PathError(`${flag}: ${target}: ${dir} is a file, so no folder can be made there`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new PathError(`${flag}: ${target}: permission denied (cannot write in ${dir})`);
  }
  return dir;
}

/**
 * Throws a `PathError` unless `dir` (given as `flag`) can be written as an output folder: an
 * existing folder, or a path whose missing folders can be made.
 */
export function requireOutputFolder(flag: string, dir: string): void {
  const stats = statOf(flag, dir);
  if (stats !== undefined && !stats.isDirectory())
    throw new PathError(`${flag}: ${dir} is a file, expected a folder (it is made when missing)`);
  existingAncestor(flag, dir);
}

/**
 * Throws a `PathError` unless `file` (given as `flag`) can be written as an output file: not a
 * folder, in a folder that exists or can be made.
 */
export function requireOutputFile(flag: string, file: string): void {
  const stats = statOf(flag, file);
  if (stats?.isDirectory() === true)
    throw new PathError(`${flag}: ${file} is a folder, expected a file name`);
  existingAncestor(flag, path.dirname(path.resolve(file)));
}
