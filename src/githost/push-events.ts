/**
 * Turns ref changes into GitHub push events and hands them to the webhook sender: automatically after
 * a receive-pack (unless webhooks are off), or on demand for a branch head (hooks/:id/tests).
 */
import { NotFoundError } from '../shared/errors.js'
import type { Logger } from '../shared/log.js'
import type { Principal } from './access.js'
import { readCommit, readCommits } from './commits.js'
import type { GitRunner } from './git-runner.js'
import type { HookRecord, RepoRecord } from './model.js'
import { pushPayload } from './push-payload.js'
import type { HostAdmin } from './host-admin.js'
import { ZERO_SHA, branchHeads, type RefChange } from './repo-fs.js'
import type { Delivery, WebhookSender } from './webhooks.js'

export interface PushEventsDeps {
  admin: HostAdmin
  git: GitRunner
  sender: WebhookSender
  base: () => string
  log: Logger
  auto: boolean
}

function wantsPush(h: HookRecord): boolean {
  return h.active && (h.events.includes('push') || h.events.includes('*'))
}

export class PushEvents {
  readonly #d: PushEventsDeps

  constructor(d: PushEventsDeps) {
    this.#d = d
  }

  /**
   * Runs once receive-pack has updated the refs; `headsBefore` lets created branches exclude what the repo already
   * had. Returns the deliveries, whose answers the push's response reports.
   */
  async afterPush(
    repo: RepoRecord,
    changes: RefChange[],
    headsBefore: Map<string, string>,
    by: Principal | undefined
  ): Promise<Delivery[]> {
    await this.#d.admin.touchPushed(repo)
    if (!this.#d.auto) return []
    const hooks = this.#d.admin.hooks(repo).filter(wantsPush)
    if (hooks.length === 0) return []
    const pusher = this.#pusher(repo, by)
    const out: Delivery[] = []
    for (const change of changes) {
      const payload = await this.#changePayload(repo, change, headsBefore, pusher)
      out.push(...(await Promise.all(hooks.map(async h => await this.#d.sender.send(h, 'push', payload)))))
    }
    return out
  }

  /** A push payload for the current head of `branch` (default branch by default), as if it was just pushed. */
  async headPayload(repo: RepoRecord, branch = repo.defaultBranch): Promise<Record<string, unknown>> {
    const dir = this.#d.admin.store.repoDir(repo.id)
    const sha = (await branchHeads(this.#d.git, dir)).get(branch)
    if (sha === undefined) throw new NotFoundError('GITHOST_BRANCH_NOT_FOUND', `Branch not found: ${branch}`)
    const head = await readCommit(this.#d.git, dir, sha)
    const ownerId = this.#d.admin.ownerId(repo)
    return pushPayload({
      base: this.#d.base(),
      repo,
      ownerId,
      branch,
      before: head?.parents[0] ?? ZERO_SHA,
      after: sha,
      commits: head === undefined ? [] : [head],
      head,
      pusher: { login: repo.owner, id: ownerId }
    })
  }

  /** Every branch head of every repository that has a push hook. */
  async hookedHeads(): Promise<Array<{ repo: RepoRecord; branch: string; sha: string }>> {
    const heads: Array<{ repo: RepoRecord; branch: string; sha: string }> = []
    for (const repo of this.#d.admin.store.repos) {
      if (!this.#d.admin.hooks(repo).some(wantsPush)) continue
      for (const [branch, sha] of await branchHeads(this.#d.git, this.#d.admin.store.repoDir(repo.id))) {
        heads.push({ repo, branch, sha })
      }
    }
    return heads
  }

  /** Delivers the current head of `branch` to the repository's push hooks, as if it had just been pushed. */
  async announce(repo: RepoRecord, branch: string): Promise<void> {
    const payload = await this.headPayload(repo, branch)
    await Promise.all(
      this.#d.admin
        .hooks(repo)
        .filter(wantsPush)
        .map(h => this.#d.sender.send(h, 'push', payload))
    )
  }

  /** GitHub's "test the push hook": delivers regardless of the automatic-delivery switch. */
  async testHook(repo: RepoRecord, hook: HookRecord, branch?: string): Promise<Delivery> {
    return await this.#d.sender.send(hook, 'push', await this.headPayload(repo, branch))
  }

  #pusher(repo: RepoRecord, by: Principal | undefined): { login: string; id: number } {
    // A deploy key acts on behalf of the repository's owner.
    if (by?.kind === 'user') return { login: by.user.login, id: by.user.id }
    return { login: repo.owner, id: this.#d.admin.ownerId(repo) }
  }

  async #changePayload(
    repo: RepoRecord,
    c: RefChange,
    headsBefore: Map<string, string>,
    pusher: { login: string; id: number }
  ): Promise<Record<string, unknown>> {
    const dir = this.#d.admin.store.repoDir(repo.id)
    const deleted = c.after === ZERO_SHA
    // A new branch lists only the commits the repo did not have before this push.
    const exclude = c.before !== ZERO_SHA ? [c.before] : [...headsBefore.values()]
    const commits = deleted ? [] : await readCommits(this.#d.git, dir, c.after, exclude)
    const head = deleted
      ? undefined
      : commits.at(-1)?.id === c.after
        ? commits.at(-1)
        : await readCommit(this.#d.git, dir, c.after)
    return pushPayload({
      base: this.#d.base(),
      repo,
      ownerId: this.#d.admin.ownerId(repo),
      branch: c.branch,
      before: c.before,
      after: c.after,
      commits,
      head,
      pusher
    })
  }
}
