import { JsonStore } from '../../shared/json-store.js'
import { migrateJob, type Job } from './job.js'

export interface Assignment {
  peer: string
  at: number
}

/** patrick's records, keyed as tau's patrick keys them: `/jobs/`, `/archive/jobs/`, `/by/project/`, `/assigned/`. */
export class JobStore {
  readonly #kv: JsonStore

  constructor(file: string) {
    this.#kv = new JsonStore(file)
  }

  async open(): Promise<void> {
    await this.#kv.open()
  }
  async close(): Promise<void> {
    await this.#kv.close()
  }

  active(id: string): Job | undefined {
    return this.#job(`/jobs/${id}`)
  }
  archived(id: string): Job | undefined {
    return this.#job(`/archive/jobs/${id}`)
  }
  get(id: string): Job | undefined {
    return this.archived(id) ?? this.active(id)
  }
  actives(): Job[] {
    return this.#kv.entries('/jobs/').map(([, v]) => migrateJob(v as Job))
  }
  all(): Job[] {
    return [...this.actives(), ...this.#kv.entries('/archive/jobs/').map(([, v]) => migrateJob(v as Job))]
  }

  #job(key: string): Job | undefined {
    const v = this.#kv.get(key) as Job | undefined
    return v === undefined ? undefined : migrateJob(v)
  }
  byProject(pid: string): string[] {
    return this.#kv.keys(`/by/project/${pid}/`).map(k => k.slice(`/by/project/${pid}/`.length))
  }

  async create(job: Job): Promise<void> {
    await this.#kv.setMany([
      [`/jobs/${job.Id}`, job],
      [`/by/project/${job.ProjectId}/${job.Id}`, 1]
    ])
  }

  async update(job: Job): Promise<void> {
    await this.#kv.set(`/jobs/${job.Id}`, job)
  }

  async archive(job: Job): Promise<void> {
    await this.#kv.set(`/archive/jobs/${job.Id}`, job)
    await this.#kv.delete(`/jobs/${job.Id}`)
    await this.#kv.delete(`/assigned/${job.Id}`)
  }

  /** Moves an archived job back to the active set (retry). */
  async reopen(job: Job): Promise<void> {
    await this.#kv.delete(`/archive/jobs/${job.Id}`)
    await this.#kv.set(`/jobs/${job.Id}`, job)
  }

  assignment(id: string): Assignment | undefined {
    return this.#kv.get(`/assigned/${id}`) as Assignment | undefined
  }
  async assign(id: string, peer: string): Promise<void> {
    await this.#kv.set(`/assigned/${id}`, { peer, at: Date.now() })
  }
  async unassign(id: string): Promise<void> {
    await this.#kv.delete(`/assigned/${id}`)
  }
}
