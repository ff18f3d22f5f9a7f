/* global module */
// Stands in for `onnxruntime-node` in the GPU bench bundle: transformers.js requires it at load,
// the bench runs no ONNX model (jax-js does the compute).
class Tensor {}
module.exports = {
  env: {},
  Tensor,
  InferenceSession: {
    create() {
      throw new Error('ONNX Runtime is not in the GPU bench bundle');
    },
  },
};
