/** The paste-ready curl line that reaches `path` on `fqdn` through a substrate's HTTP port. */
export function curlLine(fqdn: string, port: number | undefined, path: string, method = 'GET'): string {
  const m = method === '' || method.toUpperCase() === 'GET' ? '' : `-X ${method.toUpperCase()} `
  return `curl ${m}-H "Host: ${fqdn}" http://127.0.0.1:${port ?? '<substrate-port>'}${path}`
}
