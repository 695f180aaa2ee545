// `sdk/event/http` of the published SDK: HttpEvent lives in sdk/http.
export { HttpEvent } from "../http";
