/* atfork-handlers.c - which process-creation calls run pthread_atfork() handlers?
 *
 * Registers prepare, parent and child handlers that only count (in a shared page, with
 * async-signal-safe increments), then creates one child with the call named by --call:
 * fork (then exec), posix_spawn, vfork (then exec), or system(). Prints one line
 * `RUNTIME-FACT {json}` with the handler counts and whether the child ran.
 *
 * Guide: /guide/wrappers-and-runtimes (a wrapper's fork counter, R-WRAP-LAZY-REINIT) and
 * /guide/applications (R-APP-EXEC-NEEDS-NOTHING): a wrapper that notices forks with an atfork
 * child handler sees fork() but not the calls that go straight to exec.
 * Thread condition: single-threaded; no PKCS#11 module is loaded (the fact is about the C library).
 * Requires: Linux, glibc, /bin/true and /bin/sh.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Counters live in a MAP_SHARED page so that the child's handler is visible to the parent. */
struct counts {
  volatile int prepare, parent, child;
};
static struct counts *counts;

/* ANCHOR: handlers */
static void on_prepare(void) { __atomic_add_fetch(&counts->prepare, 1, __ATOMIC_SEQ_CST); }
static void on_parent(void) { __atomic_add_fetch(&counts->parent, 1, __ATOMIC_SEQ_CST); }
static void on_child(void) { __atomic_add_fetch(&counts->child, 1, __ATOMIC_SEQ_CST); }
/* ANCHOR_END: handlers */

static char *const true_argv[] = {"true", NULL};

/* Starts /bin/true with the named call; returns the child's wait status, or -1. */
static int start_child(const char *call) {
  pid_t pid = -1;
  int status = -1;
  if (strcmp(call, "fork") == 0) {
    /* ANCHOR: fork */
    pid = fork();
    if (pid == 0) {
      execve("/bin/true", true_argv, environ);
      _exit(127);
    }
    /* ANCHOR_END: fork */
  } else if (strcmp(call, "posix_spawn") == 0) {
    /* ANCHOR: posix-spawn */
    int err = posix_spawn(&pid, "/bin/true", NULL, NULL, true_argv, environ);
    if (err != 0) return -1;
    /* ANCHOR_END: posix-spawn */
  } else if (strcmp(call, "vfork") == 0) {
    /* ANCHOR: vfork */
    pid = vfork();
    if (pid == 0) {
      execve("/bin/true", true_argv, environ);
      _exit(127);
    }
    /* ANCHOR_END: vfork */
  } else if (strcmp(call, "system") == 0) {
    /* ANCHOR: system */
    return system("exec /bin/true");
    /* ANCHOR_END: system */
  } else {
    fprintf(stderr, "atfork-handlers: --call fork|posix_spawn|vfork|system, not \"%s\"\n", call);
    exit(2);
  }
  if (pid < 0) return -1;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return status;
}

int main(int argc, char **argv) {
  const char *call = NULL;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--call") == 0 && i + 1 < argc) call = argv[++i];
  if (!call) {
    fprintf(stderr, "usage: atfork-handlers --call fork|posix_spawn|vfork|system\n");
    return 2;
  }
  counts = mmap(NULL, sizeof *counts, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (counts == MAP_FAILED) return 2;
  if (pthread_atfork(on_prepare, on_parent, on_child) != 0) return 2;

  /* A lazy-reinit wrapper's view: did the child handler see this child at all? */
  int status = start_child(call);
  int ran = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  printf("RUNTIME-FACT {\"case\":\"atfork-handlers/%s\",\"childRan\":%s,\"prepare\":%d,"
         "\"parent\":%d,\"child\":%d}\n",
         call, ran ? "true" : "false", counts->prepare, counts->parent, counts->child);
  return ran ? 0 : 1;
}
