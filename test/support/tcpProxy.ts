import net from 'node:net';

/** A TCP relay in front of a real service, so a test can take the service away and bring it back. */
export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  let port = 0;

  async function start(): Promise<void> {
    if (server) return;
    server = net.createServer((client) => {
      const upstream = net.connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  }

  async function stop(): Promise<void> {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  }

  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}
