/**
 * The config files a function template adds besides the function's own YAML: the databases, channels,
 * storages and services its code uses. Shared by `dream new function` and the web console (no node imports):
 * each writes a file only when the project has none at that path, so a second function from the same
 * template shares the first one's resources.
 */
import { renderDatabaseYaml, renderMessagingYaml, renderServiceYaml, renderStorageYaml } from '../compiler/render.js'

export interface TemplateDatabase {
  name: string
  match: string
  size: string
}

export interface TemplateChannel {
  /** The resource's name (messaging/<name>.yaml). */
  name: string
  match: string
  websocket: boolean
}

export interface TemplateStorage {
  name: string
  match: string
  size: string
  versioning: boolean
}

export interface TemplateService {
  name: string
  /** The libp2p protocol the template's p2p function serves and its caller sends on. */
  protocol: string
}

/** What template.yaml lists of each kind. */
export interface TemplateResources {
  databases: TemplateDatabase[]
  messaging: TemplateChannel[]
  storages: TemplateStorage[]
  services: TemplateService[]
}

/** A config file to add: `path` in the config repository, its YAML for a fresh id made from `seed`. */
export interface ResourceFile {
  path: string
  seed: string[]
  yaml: (id: string) => string
}

export function resourceFiles(t: TemplateResources): ResourceFile[] {
  return [
    ...t.databases.map(db => ({
      path: `databases/${db.name}.yaml`,
      seed: [db.name],
      yaml: (id: string) => renderDatabaseYaml({ id, match: db.match, size: db.size })
    })),
    ...t.messaging.map(m => ({
      path: `messaging/${m.name}.yaml`,
      seed: ['messaging', m.name],
      yaml: (id: string) => renderMessagingYaml({ id, ...m })
    })),
    ...t.storages.map(st => ({
      path: `storages/${st.name}.yaml`,
      seed: ['storages', st.name],
      yaml: (id: string) => renderStorageYaml({ id, ...st })
    })),
    ...t.services.map(sv => ({
      path: `services/${sv.name}.yaml`,
      seed: ['services', sv.name],
      yaml: (id: string) => renderServiceYaml({ id, protocol: sv.protocol })
    }))
  ]
}
