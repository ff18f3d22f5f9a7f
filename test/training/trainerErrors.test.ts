import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { TrainCancelledError } from '../../src/training/trainControl';
import { classifyTrainError, TrainConfigError } from '../../src/training/trainErrors';

describe('classifyTrainError', () => {
  it('sorts failures into their codes and keeps the message', () => {
    expect(classifyTrainError(new TrainCancelledError()).code).toBe('cancelled');
    expect(classifyTrainError(new TrainConfigError('train.epochs must be …')).code).toBe(
      'bad-config',
    );
    expect(classifyTrainError(new InputError({ file: 'a.csv', line: 3 }, 'an item id')).code).toBe(
      'bad-config',
    );
    expect(classifyTrainError(new Error('GPUDevice was lost: reason destroyed'))).toEqual({
      code: 'device-lost',
      message: 'GPUDevice was lost: reason destroyed',
    });
    expect(classifyTrainError(new RangeError('Array buffer allocation failed')).code).toBe(
      'out-of-memory',
    );
    expect(classifyTrainError('something odd')).toEqual({
      code: 'internal',
      message: 'something odd',
    });
  });
});
