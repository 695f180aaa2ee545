import type { FastifyInstance } from 'fastify'

/** seer's HTTP API: the generated-domain suffix, which the tau CLI reads to make fqdns. */
export function seerRoutes(app: FastifyInstance, fqdn: string): void {
  app.get('/network/config', async () => fqdn)
}
