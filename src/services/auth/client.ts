import { ServiceClient } from '../client.js'
import {
  AuthCommand,
  type HookIdsReply,
  type HookInfo,
  type IdsReply,
  type ProjectInfo,
  type RepositoryInfo
} from './protocol.js'

/** A typed client of `/auth/v1`: projects, registered repositories (with their deploy keys) and hook secrets. */
export class AuthClient extends ServiceClient {
  protected readonly service = 'auth'

  async projectIds(): Promise<string[]> {
    return (await this.call<IdsReply>(AuthCommand.projects, { action: 'list' })).ids
  }

  async project(id: string): Promise<ProjectInfo> {
    return await this.call<ProjectInfo>(AuthCommand.projects, { action: 'get', id })
  }

  async repositoryIds(): Promise<string[]> {
    return (await this.call<IdsReply>(AuthCommand.repositories, { action: 'list' })).ids
  }

  async repository(id: string): Promise<RepositoryInfo> {
    return await this.call<RepositoryInfo>(AuthCommand.repositories, { action: 'get', id })
  }

  async hookIds(): Promise<string[]> {
    return (await this.call<HookIdsReply>(AuthCommand.hooks, { action: 'list' })).hooks
  }

  async hook(id: string): Promise<HookInfo> {
    return await this.call<HookInfo>(AuthCommand.hooks, { action: 'get', id })
  }
}
