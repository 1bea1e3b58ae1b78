/* eslint-disable */
export default {
  displayName: 'storage',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
