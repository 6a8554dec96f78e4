/** `host:port`, with brackets around an IPv6 address (`[::1]:10009`), as URLs and lnd's flags write it. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
