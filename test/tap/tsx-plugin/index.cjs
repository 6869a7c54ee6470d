/**
 * A tap plugin that runs the TypeScript test files with tsx (esbuild) instead of the default
 * @tapjs/typescript's ts-node, which transpiled the source tree again with the TypeScript compiler
 * in each test process: about 5 s of every file's start. Type checking is `npm run typecheck`
 * (part of `npm test`), not the loader's job. @tapjs/tsx does the same but pins an older
 * @tapjs/core than tap 21.8 ships, so npm will not install it beside tap. tap loads a plugin both
 * with require() and import(), hence the two entry points (index.mjs re-exports this one).
 */
exports.importLoader = 'tsx'
exports.loader = 'tsx/esm'
exports.preload = true
exports.testFileExtensions = ['ts']
exports.plugin = () => ({})
