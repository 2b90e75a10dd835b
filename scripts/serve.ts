/**
 * Serves the built site (build/) the way it is deployed: under the configured baseUrl, gzip on.
 * Usage: npm run serve [-- --port 3000 --host 127.0.0.1 --dir build]
 */
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/config';
import { startStaticServer } from '../src/lib/static-server';
import { runCli, UsageError } from '../src/lib/cli';
import { SERVE_HELP } from '../src/lib/static-server/help';

runCli(SERVE_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      dir: { type: 'string', default: 'build' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${values.port} is not a port number; expected e.g. --port 3000`);
  }
  const { baseUrl } = loadSiteConfig();
  const running = await startStaticServer({ root: values.dir, baseUrl, host: values.host, port });
  console.log(`Serving ${values.dir}/ at ${running.url} (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        resolve();
      });
  });
  await running.close();
  return 0;
});
