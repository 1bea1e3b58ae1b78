/* eslint-disable */
export default {
  displayName: 'workspace-controller',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
