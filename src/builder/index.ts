export { FunctionBuilder, type FunctionBuilderOptions, type BuildOutput } from './function-builder.js'
export { readBuildConfig, type BuildConfig } from './config.js'
export { chooseEntry } from './entry.js'
