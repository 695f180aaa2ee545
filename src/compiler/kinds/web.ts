/**
 * Domains, websites and libraries: the resources tied to hostnames or to their own git repos.
 * Domains also enforce generated-domain ownership (a generated host carries its project's id; see below).
 */
import type { Doc } from '../doc.js'
import { ConfigErrorCodes, show } from '../issues.js'
import { attachSmartops, head, oneOf, optString, type Compiled, type KindContext } from './common.js'
import { routePaths } from './route-paths.js'

// Labels of letters, digits, '-' and '_' (tau accepts underscores), no empty labels, no trailing dot.
const LABEL = '[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?'
const FQDN_RE = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`)

export function compileDomain(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  const fqdn = doc.str('fqdn', true) ?? ''
  out.fqdn = fqdn
  if (fqdn !== '') {
    if (!FQDN_RE.test(fqdn)) doc.fail('fqdn', `invalid fqdn ${show(fqdn)}`)
    else checkGenerated(doc, fqdn, ctx)
  }
  const certType = oneOf(doc, 'certificate.type', ['auto', 'inline'], 'auto') ?? 'auto'
  out['cert-type'] = certType
  attachSmartops(out, doc, ctx)
  if (certType === 'inline') {
    out['cert-file'] = doc.str('certificate.cert', true) ?? ''
    out['key-file'] = doc.str('certificate.key', true) ?? ''
  } else {
    optString(out, 'cert-file', doc, 'certificate.cert')
    optString(out, 'key-file', doc, 'certificate.key')
  }
  return out
}

/**
 * A host that looks generated (e.g. `abcd12340.<universe>.localtau`) must contain the lower-cased last
 * 8 chars of the project id, so one project cannot claim another's generated names. Ids shorter than
 * 8 are zero-padded, as tau does in dev mode. Other hosts would need a DNS TXT claim, which dev skips.
 */
function checkGenerated(doc: Doc, fqdn: string, ctx: KindContext): void {
  if (!ctx.generatedDomainPattern.test(fqdn)) return
  const pid = ctx.projectId.padStart(8, '0')
  const last8 = pid.slice(-8).toLowerCase()
  if (!fqdn.includes(last8)) {
    doc.fail(
      'fqdn',
      `generated fqdn ${show(fqdn)} does not contain "${last8}", the last 8 chars of project id ${ctx.projectId}`,
      ConfigErrorCodes.domainOwnership
    )
  }
}

/** `source.github.{id, fullname}` → provider, repository-id, repository-name. */
function git(doc: Doc): Compiled {
  const gh = doc.get('source.github')
  if (gh === undefined || gh === null) {
    doc.fail('source.github', 'is required (with id and fullname)')
    return { provider: 'github', 'repository-id': '', 'repository-name': '' }
  }
  return {
    provider: 'github',
    'repository-id': doc.str('source.github.id', true) ?? '',
    'repository-name': doc.str('source.github.fullname', true) ?? ''
  }
}

export function compileWebsite(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  out.paths = routePaths(doc, doc.pick('paths', 'source.paths'), true)
  optString(out, 'branch', doc, 'source.branch')
  Object.assign(out, git(doc))
  attachSmartops(out, doc, ctx)
  const names = doc.strList('domains', true)
  const domains = ctx.scope.ids(doc, 'domains', 'domains', names, ctx.app)
  out.domains = domains
  return out
}

export function compileLibrary(doc: Doc, name: string, ctx: KindContext): Compiled {
  const out = head(doc, name)
  optString(out, 'path', doc, 'source.path')
  optString(out, 'branch', doc, 'source.branch')
  Object.assign(out, git(doc))
  attachSmartops(out, doc, ctx)
  return out
}
