/** The --help text of `npm run serve`, kept beside the library it describes. */

export const SERVE_HELP = `Usage: npm run serve -- [options]

Serves the built site from build/ under the configured base URL (SITE_BASE_URL, default /),
with gzip, ETags and the site's 404 page, like the static host it is deployed to.

Options:
  --port <n>    port to listen on (default 3000; 0 picks a free port)
  --host <addr> address to listen on (default 127.0.0.1)
  --dir <path>  folder to serve (default build)
  -h, --help    show this help
`;
