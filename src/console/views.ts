/** What the console's actions answer: the project, function and domain as the CLI and the web console show them. */
export interface RepoView {
  id: string
  fullname: string
  url: string
}
export interface ProjectView {
  id: string
  name: string
  config: RepoView
  code: RepoView
}
export interface FunctionView {
  name: string
  project: string
  method: string
  fqdn: string
  path: string
  url: string
  domain: string
  template: string
  language: string
  /** The other functions the template made with it (`<name>_<suffix>`), as `name (trigger)`. */
  companions: string[]
}
export interface DomainView {
  name: string
  project: string
  fqdn: string
}
