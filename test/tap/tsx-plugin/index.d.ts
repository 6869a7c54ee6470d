export declare const importLoader = 'tsx'
export declare const loader = 'tsx/esm'
export declare const preload = true
export declare const testFileExtensions: string[]
// no Test methods added; the parameter is tap's TestBase, whose ESM and CommonJS types differ
export declare const plugin: (t: unknown) => {}
