/* classify-selftest.c - checks the child classifier of p11ex.c without any PKCS#11 module:
 * a slow child is not a hang, a child self-deadlocked on a mutex is, and so is one waiting on a
 * socket for an answer (a daemon-backed module); a child blocked elsewhere (a pipe read) or
 * spinning is "stuck" (a failure of the run, never a hazard).
 * Illustrates: the "hung" rule of the fork examples. Requires: Linux /proc.
 * Usage: classify-selftest BOUND_MS; prints one line per case: "<case> <end>".
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "p11ex.h"

static const char *end_name(enum p11ex_child_end end) {
  switch (end) {
  case P11EX_CHILD_OK: return "ok";
  case P11EX_CHILD_FAILED: return "failed";
  case P11EX_CHILD_CRASHED: return "crashed";
  case P11EX_CHILD_HUNG: return "hung";
  case P11EX_CHILD_STUCK: return "stuck";
  }
  return "?";
}

static void child_case(const char *name, int bound_ms) {
  if (name[0] == 's' && name[1] == 'l') { /* slow: asleep for 1.5 bounds, then done */
    struct timespec ts = {bound_ms * 3 / 2 / 1000, (long)(bound_ms * 3 / 2 % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    _exit(0);
  }
  if (name[0] == 'd') { /* deadlock: a default mutex locked twice waits in futex forever */
    static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&m);
    pthread_mutex_lock(&m);
    _exit(0);
  }
  if (name[0] == 'p') { /* pipe: blocked in read(2), not in a futex */
    int fds[2];
    char c;
    if (pipe(fds) == 0 && read(fds[0], &c, 1) >= 0) _exit(0);
    _exit(1);
  }
  if (name[0] == 's' && name[1] == 'o') { /* socket: waits for an answer that never comes */
    int fds[2];
    char c;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0 && read(fds[0], &c, 1) >= 0) _exit(0);
    _exit(1);
  }
  if (name[0] == 's') { /* spin: busy, never ends */
    for (volatile unsigned long n = 0;; n++) {
    }
  }
  if (name[0] == 'c') abort(); /* crash */
  _exit(3);                    /* fail */
}

int main(int argc, char **argv) {
  static const char *cases[] = {"slow", "deadlock", "pipe", "socket", "spin", "crash", "fail"};
  int bound_ms = argc > 1 ? atoi(argv[1]) : 300;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    pid_t pid = fork();
    if (pid == 0) child_case(cases[i], bound_ms);
    if (pid < 0) return 2;
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, -1) != 0) return 2;
    while (!p11ex_wait_child(&c, bound_ms, bound_ms)) {
    }
    printf("%s %s\n", cases[i], end_name(c.end));
    fflush(stdout);
  }
  return 0;
}
