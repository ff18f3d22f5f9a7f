import type { OfficialValue } from './officialSettings';

/** The file of the bundle holding the settings. */
export const OVERRIDES_FILE = 'overrides.yaml';

/** YAML of the settings, one `key: value` a line, each value in JSON (a subset of YAML's flow style). */
export function settingsYaml(settings: Record<string, OfficialValue>, header: string[]): string {
  const lines = header.map((h) => `# ${h}`);
  for (const [key, value] of Object.entries(settings))
    lines.push(`${key}: ${JSON.stringify(value)}`);
  return `${lines.join('\n')}\n`;
}

/** Reads `settingsYaml`'s output back (comments and blank lines skipped); throws naming the line. */
export function parseSettingsYaml(text: string): Record<string, OfficialValue> {
  const out: Record<string, OfficialValue> = {};
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const colon = line.indexOf(': ');
    if (colon < 0) throw new Error(`${OVERRIDES_FILE} line ${i + 1}: expected "key: value"`);
    try {
      out[line.slice(0, colon)] = JSON.parse(line.slice(colon + 2)) as OfficialValue;
    } catch {
      throw new Error(`${OVERRIDES_FILE} line ${i + 1}: expected a JSON value after the key`);
    }
  });
  return out;
}
