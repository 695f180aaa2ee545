// isomorphic-git reads the global Buffer; esbuild injects this module's export as that global in the bundle
// (`buffer/`: the npm package, not node's built-in).
export { Buffer } from 'buffer/'
