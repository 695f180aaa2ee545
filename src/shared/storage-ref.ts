/**
 * A storage as a function reached it, shared by the vm (which passes it between a guest's calls) and the
 * substrate (which resolves it and keeps its files). The instance is (project, application, matcher), as a
 * database's; `size` (bytes of file content) and `versioning` come from the `storages/` resource.
 */
export interface StorageRef {
  project: string
  application: string
  match: string
  name: string
  size: number
  versioning: boolean
}
