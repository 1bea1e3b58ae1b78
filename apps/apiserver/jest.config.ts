/* eslint-disable */
export default {
  displayName: 'apiserver',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
