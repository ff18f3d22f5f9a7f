/* global module */
// Stands in for `sharp` (image decoding) in the GPU bench bundle: transformers.js imports it at
// load, the bench only tokenizes text.
module.exports = function sharp() {
  throw new Error('sharp is not in the GPU bench bundle (it decodes no images)');
};
