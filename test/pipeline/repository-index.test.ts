/**
 * Which project a library's or website's repository belongs to, read from the index compiled configs push to a
 * real tns: the one project that lists it, nothing before a config lists it, and a refusal naming both projects
 * when two configs list the same repository (else one project could claim another's repository).
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { REPOSITORY_TYPE } from '../../src/services/tns/protocol.js'
import type { Universe } from '../../src/universe/universe.js'
import { tnsOf } from '../helpers/pipeline.js'
import { startUniverse } from '../helpers/universe.js'

let u: Universe

before(async () => {
  u = await startUniverse({ services: ['tns'], simples: ['elder', 'client'] })
})
after(async () => {
  await u?.stop()
})

/** What the config compiler pushes for a repository `project`'s config lists as `resource`. */
const list = async (repo: string, project: string, resource: string): Promise<void> => {
  const at = ['repositories', 'github', repo, project]
  await tnsOf(u).push([...at, 'type'], REPOSITORY_TYPE.website)
  await tnsOf(u).push([...at, 'resources', resource], true)
}

test('a repository listed by one project is that project’s; an unlisted one is no one’s', async () => {
  assert.equal(await tnsOf(u).indexedRepository('901'), undefined)
  await list('901', 'QmProjectA', 'QmSiteA')
  assert.deepEqual(await tnsOf(u).indexedRepository('901'), {
    project: 'QmProjectA',
    type: REPOSITORY_TYPE.website,
    resources: ['QmSiteA']
  })
})

test('a repository listed by two projects is refused, naming both', async () => {
  await list('902', 'QmProjectA', 'QmSiteA')
  await list('902', 'QmProjectB', 'QmSiteB')
  await assert.rejects(tnsOf(u).indexedRepository('902'), (err: Error & { code: string }) => {
    assert.equal(err.code, 'REPOSITORY_LISTED_TWICE')
    assert.match(err.message, /repository 902 is listed by the configs of projects QmProjectA and QmProjectB/)
    return true
  })
})
