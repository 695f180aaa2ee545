// `sdk/helpers/u32` of the published SDK.
export { U32 } from "../helpers";
