// isomorphic-git reads the global Buffer; esbuild injects this module's export as that global in the bundle.
export { Buffer } from 'buffer'
