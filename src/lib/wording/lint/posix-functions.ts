/**
 * POSIX functions the guide talks about, and their page in POSIX.1-2024 (IEEE Std 1003.1-2024,
 * The Open Group Base Specifications Issue 8), whose function pages live under
 * `onlinepubs/9799919799/functions/`. Functions that share a page (the exec family, wait and
 * waitpid, the mutex lock and unlock calls, posix_spawn and posix_spawnp) point at that page.
 * Names that are not POSIX (Linux's clone(), BSD's flock() and daemon()) are deliberately absent.
 */
export const POSIX_2024_FUNCTIONS_URL =
  'https://pubs.opengroup.org/onlinepubs/9799919799/functions/';

const SHARED_PAGES: Readonly<Record<string, string>> = {
  execl: 'exec',
  execle: 'exec',
  execlp: 'exec',
  execv: 'exec',
  execve: 'exec',
  execvp: 'exec',
  fexecve: 'exec',
  waitpid: 'wait',
  posix_spawnp: 'posix_spawn',
  pthread_mutex_unlock: 'pthread_mutex_lock',
  pthread_mutex_trylock: 'pthread_mutex_lock',
  _Exit: '_exit',
};

const OWN_PAGES = [
  '_Fork',
  '_exit',
  'abort',
  'atexit',
  'close',
  'dlclose',
  'dlopen',
  'dlsym',
  'exec',
  'exit',
  'fcntl',
  'fork',
  'free',
  'getpid',
  'getppid',
  'kill',
  'malloc',
  'open',
  'pipe',
  'posix_spawn',
  'pthread_atfork',
  'pthread_create',
  'pthread_mutex_lock',
  'pthread_sigmask',
  'raise',
  'read',
  'setsid',
  'sigaction',
  'socket',
  'shutdown',
  'sysconf',
  'system',
  'wait',
  'write',
];

/** The POSIX.1-2024 page of a function named in the guide, or undefined if it is not listed. */
export function posixPage(name: string): string | undefined {
  const page = SHARED_PAGES[name] ?? (OWN_PAGES.includes(name) ? name : undefined);
  return page === undefined ? undefined : `${POSIX_2024_FUNCTIONS_URL}${page}.html`;
}

/** Whether a link target is the expected page, a fragment of it allowed. */
export function linksTo(url: string, page: string): boolean {
  return url === page || url.startsWith(`${page}#`);
}
