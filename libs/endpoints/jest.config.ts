/* eslint-disable */
export default {
  displayName: 'endpoints',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
