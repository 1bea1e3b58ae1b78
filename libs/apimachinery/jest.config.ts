/* eslint-disable */
export default {
  displayName: 'apimachinery',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
