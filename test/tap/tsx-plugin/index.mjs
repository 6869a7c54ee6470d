import tsxPlugin from './index.cjs'

export const { importLoader, loader, preload, testFileExtensions, plugin } = tsxPlugin
