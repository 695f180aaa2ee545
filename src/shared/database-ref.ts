/**
 * A database as a function reached it, shared by the vm (which passes it between a guest's calls), the substrate
 * (which resolves it) and the hoarders (which keep its data). The instance is (project, application, matcher), as
 * in tau, where two matchers of one regex resource are two instances; `name` and `size` come from the resource.
 */
export interface DatabaseRef {
  project: string
  application: string
  match: string
  name: string
  /** Bytes of values the database may hold. */
  size: number
}
