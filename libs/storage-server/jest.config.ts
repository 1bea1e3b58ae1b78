/* eslint-disable */
export default {
  displayName: 'storage-server',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
