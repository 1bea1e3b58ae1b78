/* eslint-disable */
export default {
  displayName: 'controllers',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
