/* eslint-disable */
export default {
  displayName: 'watch-cache',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
