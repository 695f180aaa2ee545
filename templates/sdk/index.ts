// `import { Event, log } from "sdk"` as a shorthand for the per-area modules.
export * from "./event";
export * from "./log";
export * from "./errno";
