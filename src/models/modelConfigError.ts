/** An invalid model or training setting, named by its config path (e.g. `model.numHeads`). */
export class ModelConfigError extends Error {
  readonly field: string;

  constructor(field: string, expected: string, found: unknown) {
    super(`${field}: expected ${expected}, found ${JSON.stringify(found)}`);
    this.name = 'ModelConfigError';
    this.field = field;
  }
}
