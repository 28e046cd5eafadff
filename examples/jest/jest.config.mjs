// jest for the example: plain ES modules, no transform, tests under examples/jest, paths from the
// project root (where tbt.config.yaml is).
export default {
  rootDir: '../..',
  testMatch: ['<rootDir>/examples/jest/**/*.test.mjs'],
  transform: {},
};
