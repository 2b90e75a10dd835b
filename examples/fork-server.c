/* fork-server.c - a helper forked before C_Initialize forks the workers later on.
 *
 * A helper process forked at start-up, while the program is single-threaded
 * and before any C_Initialize, later forks the workers that use the module, on request of the
 * multi-threaded main process over a socketpair.
 *
 * Guide: §2.5.2 of the revised guide, page /guide/applications:
 * R-APP-FORK-SERVER, R-WRAP-RUNTIMES.
 * Thread condition: the main process is multi-threaded (main thread + --threads workers inside
 * the module) but never forks after start-up; the helper is single-threaded and has never
 * loaded the module when it forks, so each worker starts as a fresh application.
 * Requires: a token with the ECDSA P-256 key pair (label --key), the user PIN in $P11EX_PIN.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "p11ex.h"

/* What the helper tells the main process about one worker. */
struct worker_report {
  int threads_at_fork;
  int end;
  int status;
  int notes;
  struct p11ex_note note[6];
};

/* ANCHOR: fork-server */
/* The helper: single-threaded, no module loaded. One request byte = fork one worker. */
static int serve_forks(int sock, const struct p11ex_opts *o) {
  char request;
  while (read(sock, &request, 1) == 1) {
    struct worker_report rep;
    memset(&rep, 0, sizeof rep);
    rep.threads_at_fork = p11ex_thread_count();
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
      /* The worker: a new application that loads and initialises the module itself. */
      struct p11ex_module m;
      close(fds[0]);
      if (p11ex_load(o, &m) != 0) _exit(2);
      _exit(p11ex_app_once(o, &m, fds[1]));
    }
    close(fds[1]);
    if (pid < 0) return 1;
    /* ANCHOR_END: fork-server */
    struct p11ex_child c;
    if (p11ex_track_child(&c, pid, fds[0]) != 0) return 1;
    p11ex_await_child(&c, o->bound_ms);
    rep.end = (int)c.end;
    rep.status = c.status;
    while (rep.notes < 6 &&
           read(c.notes_fd, &rep.note[rep.notes], sizeof rep.note[0]) == sizeof rep.note[0])
      rep.notes++;
    close(c.notes_fd);
    close(c.pidfd);
    if (send(sock, &rep, sizeof rep, MSG_NOSIGNAL) != (ssize_t)sizeof rep) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  struct p11ex_opts o;
  struct p11ex_tally t;
  struct timespec t0;
  memset(&t, 0, sizeof t);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  p11ex_parse_args(argc, argv, "fork-server", &o);

  /* ANCHOR: start-helper */
  /* First thing: fork the helper while single-threaded and before any PKCS#11 call. */
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return 2;
  p11ex_threads_seen(&t, p11ex_thread_count());
  pid_t helper = fork();
  if (helper == 0) {
    close(sv[0]);
    _exit(serve_forks(sv[1], &o));
  }
  /* ANCHOR_END: start-helper */
  if (helper < 0) return 2;
  close(sv[1]);
  struct p11ex_child helper_child;
  if (p11ex_track_child(&helper_child, helper, -1) != 0) return 2;

  struct p11ex_module m;
  if (p11ex_load(&o, &m) != 0) return 2;
  P11EX_CHECK("C_Initialize", p11ex_initialize(&m));
  struct p11ex_session parent;
  P11EX_CHECK("parent session", p11ex_open_session(m.f, &o, m.pin, &parent));
  struct p11ex_workers *workers = p11ex_workers_start(m.f, &o, m.pin, o.threads, 0);
  if (!workers) return 2;
  int main_threads = p11ex_thread_count();

  for (int i = 0; i < o.forks; i++) {
    /* ANCHOR: ask-helper */
    struct worker_report rep;
    struct pollfd pfd = {sv[0], POLLIN, 0};
    if (send(sv[0], "w", 1, MSG_NOSIGNAL) != 1) break; /* a dead helper is an error, not SIGPIPE */
    /* Bounded: the helper examines a worker after one bound and gives up after two. */
    if (poll(&pfd, 1, 3 * o.bound_ms) != 1) break;
    if (read(sv[0], &rep, sizeof rep) != (ssize_t)sizeof rep) break;
    /* ANCHOR_END: ask-helper */
    p11ex_threads_seen(&t, rep.threads_at_fork);
    struct p11ex_child c = {.end = (enum p11ex_child_end)rep.end, .status = rep.status};
    c.notes_fd = -1;
    c.pidfd = -1;
    p11ex_collect(&t, &c);
    for (int n = 0; n < rep.notes && n < 6; n++)
      p11ex_rcs_add(&t.rcs, rep.note[n].call, rep.note[n].rv, 1);
    p11ex_parent_check(&t, m.f, &parent);
  }
  close(sv[0]); /* end of requests: the helper leaves its loop */
  p11ex_await_child(&helper_child, o.bound_ms);
  if (helper_child.end != P11EX_CHILD_OK) t.failed++;
  p11ex_workers_stop(workers, &t);
  snprintf(t.note + strlen(t.note), sizeof t.note - strlen(t.note),
           "; main process threads %d (never forks after start-up)", main_threads);
  const char *condition = "single-threaded fork server, multi-threaded main process";
  int status = 1;
  if (main_threads < 1 + o.threads)
    p11ex_report(&o, condition, "fail", "the main process was not multi-threaded", &t,
                 p11ex_seconds_since(&t0));
  else
    status = p11ex_finish(&o, condition, 1, 1, &t, &t0);
  p11ex_parent_close(m.f, &parent);
  return status;
}
