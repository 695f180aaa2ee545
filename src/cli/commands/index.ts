import type { CliCommand } from '../define.js'
import builds from './builds.js'
import completion from './completion.js'
import dev from './dev.js'
import inject from './inject.js'
import kill from './kill.js'
import logs from './logs.js'
import ls from './ls.js'
import newDomain from './new-domain.js'
import newFunction from './new-function.js'
import newLibrary from './new-library.js'
import newMultiverse from './new-multiverse.js'
import newProject from './new-project.js'
import newUniverse from './new-universe.js'
import newWebsite from './new-website.js'
import projectNames from './project-names.js'
import start from './start.js'
import status from './status.js'
import stop from './stop.js'
import version from './version.js'

/** Every `dream` command, in the order `dream --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  version,
  newMultiverse,
  start,
  newUniverse,
  newProject,
  newFunction,
  newLibrary,
  newDomain,
  newWebsite,
  builds,
  logs,
  status,
  inject,
  kill,
  ls,
  dev,
  stop,
  completion,
  projectNames
]
