// Who may import whom: the table "Rules: who may import whom" in docs/ARCHITECTURE.md, row by row. An import
// that no row allows fails `npm run lint:imports`, and so does any import circle (type imports included).
// Node's modules and npm packages may be imported from anywhere.

/** A path pattern for each folder of the table (paths from the repository root). */
const shared = '^src/shared/'
const blocks = '^src/(p2p|http|dns|githost|compiler|vm)/'
const serviceCommon = '^src/services/[^/]+[.]ts$'
const serviceTypes = '^src/services/types[.]ts$'
/** A service's factory (what the universe starts). */
const serviceFactory = '^src/services/[^/]+/index[.]ts$'
/** A service's face to the others: its typed client and its protocol's shapes. */
const serviceFace = '^src/services/[^/]+/(client|protocol)[.]ts$'

/** `from` may import `to` (each a path pattern or a list of them). */
const may = (name, from, to, more = {}) => ({
  comment: name,
  from: { path: from },
  to: { path: to, ...more }
})

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import circle, type imports included',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'commands-through-clients',
      comment:
        "outside src/services/ nothing calls a command by its name (callService, callPeer): it calls the service's client",
      severity: 'error',
      from: { path: '^(src|fixtures)/', pathNot: '^src/services/' },
      to: { path: '^src/services/client[.]ts$' }
    },
    {
      name: 'no-dev-dependencies-in-the-package',
      comment: 'what the package runs (src/, fixtures/) imports only dependencies: devDependencies are not installed',
      severity: 'error',
      from: { path: '^(src|fixtures)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  allowedSeverity: 'error',
  allowed: [
    {
      comment: 'node-and-npm',
      from: {},
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg'] }
    },
    // Inside one folder of the table, anything.
    may(
      'same-folder',
      '^src/(shared|p2p|http|dns|githost|compiler|vm|builder|universe|console|api|cli|daemon)/',
      '^src/$1/'
    ),
    may('same-service', '^src/services/([^/]+)/', '^src/services/$1/'),
    may('services-common', serviceCommon, [serviceCommon, shared, '^src/(p2p|http)/']),
    may('blocks', blocks, shared),
    may('githost', '^src/githost/', '^src/http/'),
    may('builder', '^src/builder/', [shared, '^src/vm/']),
    may('service', '^src/services/[^/]+/', [
      shared,
      '^src/(p2p|http|builder|compiler|vm|dns)/',
      serviceCommon,
      serviceFace
    ]),
    may('universe', '^src/universe/', [shared, '^src/(p2p|http|githost)/', serviceCommon, serviceFactory, serviceFace]),
    may('console', '^src/console/', [shared, '^src/compiler/']),
    may('console-for-universe', '^src/console/for-universe[.]ts$', '^src/universe/universe[.]ts$', {
      dependencyTypes: ['type-only']
    }),
    may('fixtures', '^fixtures/', [
      '^fixtures/',
      shared,
      '^src/(p2p|githost|console)/',
      serviceFace,
      '^src/universe/fixture-context[.]ts$'
    ]),
    may('api', '^src/api/', [shared, '^src/(http|universe|console)/', '^fixtures/', serviceTypes, serviceFace]),
    may('daemon', '^src/(daemon[.]ts|daemon/|index[.]ts)', [
      '^src/(api|universe|shared|daemon)/',
      '^src/daemon[.]ts$',
      serviceTypes
    ]),
    may('cli', '^src/cli/', [
      shared,
      '^src/console/',
      '^src/daemon[.]ts$',
      '^src/daemon/',
      '^src/universe/config[.]ts$',
      serviceTypes,
      '^fixtures/(names|index)[.]ts$'
    ]),
    may('cli-types', '^src/cli/', ['^src/(api|universe|services)/', '^fixtures/'], {
      dependencyTypes: ['type-only']
    }),
    may('web', '^web/src/', ['^web/src/', shared, '^src/(compiler|console)/']),
    may('tests', '^(test|bench)/', '')
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test/data)/' },
    moduleSystems: ['es6'],
    // Packages are resolved as Node resolves them for an ES module (their `exports`, subpaths included).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      mainFields: ['module', 'main', 'types']
    }
  }
}
