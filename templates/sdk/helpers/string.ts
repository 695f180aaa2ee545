// `sdk/helpers/string` of the published SDK.
export { StringHelper } from "../helpers";
