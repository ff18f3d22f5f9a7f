/**
 * A model, tokenizer or checkpoint that cannot be used: names the model and the offending file
 * (or files), and says what was expected. The UI and CLI show `message` as it is.
 */
export class ModelLoadError extends Error {
  readonly model: string;
  readonly file: string;

  constructor(model: string, file: string, problem: string) {
    super(`${model}: ${file}: ${problem}`);
    this.name = 'ModelLoadError';
    this.model = model;
    this.file = file;
  }
}
