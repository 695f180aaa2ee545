import { InvalidInputError } from '../../shared/errors.js'
import { defineCommand } from '../define.js'
import { jsonOption, universeOption } from '../options.js'

export default defineCommand({
  define: (parent, ctx) =>
    parent
      .command('logs [job]')
      .description('the log of a build job (id, unique prefix or `latest`), or with --function what functions logged')
      .option('-f, --follow', 'follow a job until it ends (exit 0 when it succeeded, 1 when not), or function logs')
      .option('--function <name>', 'show what this function (or with --function all, every function) logged')
      .option('--project <name>', 'with `latest`: the newest job of this project')
      .addOption(universeOption())
      .addOption(jsonOption('print JSON: {job, log} (function logs: {logs}; followed: one JSON object per line)'))
      .action(async (job, o) => {
        const { functionLogs } = await import('../actions/builds.js')
        const { jobLogs, followFunctionLogs } = await import('../actions/logs.js')
        if (o.function !== undefined) {
          const fo = {
            universe: o.universe,
            ...(o.function !== 'all' ? { function: o.function } : {}),
            ...(o.json !== undefined ? { json: o.json } : {})
          }
          if (o.follow === true) ctx.setExit(await followFunctionLogs(ctx.io, ctx.api(), fo))
          else await functionLogs(ctx.io, ctx.api(), fo)
          return
        }
        if (job === undefined) {
          throw new InvalidInputError(
            'LOGS_WHAT',
            'give a job id (from `dream builds`), `latest`, or --function <name>'
          )
        }
        ctx.setExit(await jobLogs(ctx.io, ctx.api(), job, o))
      }),
  examples: ['dream logs -f latest --project hello', 'dream logs -f --function all']
})
