/* kids.c - watching processes with a time bound and telling a hang from slowness.
 *
 * Used at both levels: a scenario runner watches the children it forks, the supervisor
 * watches its scenario runners. A process past its bound is examined, not just killed:
 * it counts as hung only if it is blocked (in a futex wait according to /proc wchan, kernel
 * stack or current system call, confirmed by no CPU progress over a short window) or makes
 * no CPU progress at all over a second bound. One that still uses CPU is "stuck": slow or
 * looping, which is an error but not the deadlock the probe looks for. Either way it is
 * killed with SIGKILL and reaped, so nothing outlives the probe.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

void ts_add_ms(struct timespec *t, long ms) {
  t->tv_sec += ms / 1000;
  t->tv_nsec += (ms % 1000) * 1000000L;
  if (t->tv_nsec >= 1000000000L) {
    t->tv_sec++;
    t->tv_nsec -= 1000000000L;
  }
}

int ts_before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static long ms_until(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (t->tv_sec - now.tv_sec) * 1000L + (t->tv_nsec - now.tv_nsec) / 1000000L;
}

long ms_since(const struct timespec *t0) { return -ms_until(t0); }

long long us_since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)(now.tv_sec - t0->tv_sec) * 1000000LL + (now.tv_nsec - t0->tv_nsec) / 1000;
}

void kid_start(struct kid *k, pid_t pid, int bound_ms) {
  memset(k, 0, sizeof *k);
  k->pid = pid;
  k->end = KID_RUNNING;
  /* A pidfd lets poll() wake us when the process ends; without one we poll on a short tick. */
  k->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (k->pidfd >= 0) fcntl(k->pidfd, F_SETFD, FD_CLOEXEC);
  clock_gettime(CLOCK_MONOTONIC, &k->started);
  k->deadline = k->started;
  ts_add_ms(&k->deadline, bound_ms);
}

void kid_extend(struct kid *k, int ms) {
  clock_gettime(CLOCK_MONOTONIC, &k->deadline);
  ts_add_ms(&k->deadline, ms);
  k->checking = 0;
}

static int read_small(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  if (n < 0) return -1;
  buf[n] = 0;
  return (int)n;
}

/* utime + stime of the whole process, in clock ticks; -1 if unreadable. `state` gets the
 * scheduler state letter of its main thread ('R' runnable, 'S' sleeping, ...). */
static long cpu_ticks(pid_t pid, char *state) {
  char path[64], buf[1024];
  if (state) *state = '?';
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (read_small(path, buf, sizeof buf) <= 0) return -1;
  const char *p = strrchr(buf, ')'); /* the command name may contain blanks and ')' */
  if (!p) return -1;
  unsigned long ut = 0, st = 0;
  char c = '?';
  if (sscanf(p + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &c, &ut, &st) != 3)
    return -1;
  if (state) *state = c;
  return (long)(ut + st);
}

/* Is the process's main thread waiting on a futex? Describes where in `how`. */
static int in_futex(pid_t pid, char *how, size_t len) {
  char path[64], buf[4096];
  snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
  if (read_small(path, buf, sizeof buf) > 0 && strstr(buf, "futex")) {
    snprintf(how, len, "futex wait (wchan %.40s)", buf);
    return 1;
  }
  snprintf(path, sizeof path, "/proc/%d/stack", (int)pid);
  if (read_small(path, buf, sizeof buf) > 0 && strstr(buf, "futex")) {
    snprintf(how, len, "futex wait (kernel stack)");
    return 1;
  }
  snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
  if (read_small(path, buf, sizeof buf) > 0 && buf[0] >= '0' && buf[0] <= '9') {
    long nr = atol(buf);
#ifdef SYS_futex_waitv
    if (nr == SYS_futex_waitv) nr = SYS_futex;
#endif
    if (nr == SYS_futex) {
      snprintf(how, len, "futex wait (system call %ld)", (long)SYS_futex);
      return 1;
    }
  }
  return 0;
}

static void describe_wait(pid_t pid, char *how, size_t len, long ms) {
  char path[64], buf[128];
  snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
  if (read_small(path, buf, sizeof buf) > 0 && buf[0] && strcmp(buf, "0") != 0)
    snprintf(how, len, "no CPU progress for %ld ms (wchan %.30s)", ms, buf);
  else
    snprintf(how, len, "no CPU progress for %ld ms", ms);
}

static void set_end(struct kid *k, int status) {
  if (WIFEXITED(status)) {
    k->code = WEXITSTATUS(status);
    if (k->end == KID_RUNNING) k->end = k->code == 0 ? KID_CLEAN : KID_FAILED;
  } else if (WIFSIGNALED(status)) {
    k->code = WTERMSIG(status);
    if (k->end == KID_RUNNING) k->end = KID_CRASHED;
  }
}

static void close_pidfd(struct kid *k) {
  if (k->pidfd >= 0) close(k->pidfd);
  k->pidfd = -1;
}

/* Kill and reap, bounded: a process stuck in an uninterruptible device wait cannot die at
 * once, and the probe must not hang on it. */
void kid_kill(struct kid *k, int group) {
  if (group)
    kill(-k->pid, SIGKILL);
  else
    kill(k->pid, SIGKILL);
  for (int i = 0; i < 3000; i++) {
    int st;
    pid_t r = waitpid(k->pid, &st, WNOHANG);
    if (r == k->pid || (r < 0 && errno == ECHILD)) break;
    if (k->pidfd >= 0) {
      struct pollfd p = {k->pidfd, POLLIN, 0};
      poll(&p, 1, 1);
    } else {
      struct timespec t = {0, 1000000};
      nanosleep(&t, NULL);
    }
    if (i == 2999) probe_warn("process %d does not die after SIGKILL; leaving it", (int)k->pid);
  }
  close_pidfd(k);
}

int kid_check(struct kid *k, int second_ms, int group) {
  if (k->end != KID_RUNNING) return 1;
  int st;
  pid_t r = waitpid(k->pid, &st, WNOHANG);
  if (r == k->pid) {
    set_end(k, st);
    close_pidfd(k);
    return 1;
  }
  if (r < 0 && errno == ECHILD) { /* someone else reaped it: we cannot know how it ended */
    k->end = KID_FAILED;
    k->code = -1;
    close_pidfd(k);
    return 1;
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!k->checking) {
    if (ts_before(&now, &k->deadline)) return 0;
    /* Past the bound: a futex wait is confirmed over a short window, anything else gets a
     * second bound to show CPU progress. */
    k->second = now;
    if (in_futex(k->pid, k->blocked, sizeof k->blocked)) {
      k->checking = 1;
      ts_add_ms(&k->second, second_ms < 150 ? second_ms : 150);
    } else {
      k->checking = 2;
      ts_add_ms(&k->second, second_ms);
    }
    k->cpu_mark = cpu_ticks(k->pid, NULL);
    return 0;
  }
  if (ts_before(&now, &k->second)) return 0;
  char state;
  long cpu = cpu_ticks(k->pid, &state);
  if (cpu == k->cpu_mark && state == 'R' && k->rearms < 5) {
    /* Runnable but got no CPU: a busy machine, not a blocked process. Look again. */
    k->rearms++;
    k->second = now;
    ts_add_ms(&k->second, second_ms);
    return 0;
  }
  if (cpu == k->cpu_mark && state != 'R') {
    if (k->checking == 2) describe_wait(k->pid, k->blocked, sizeof k->blocked, (long)second_ms);
    k->end = KID_HUNG;
  } else if (k->checking == 1 && cpu != k->cpu_mark) {
    /* In a futex wait but still burning CPU: watch it over the full second bound. */
    k->checking = 2;
    k->second = now;
    ts_add_ms(&k->second, second_ms);
    k->cpu_mark = cpu;
    return 0;
  } else {
    snprintf(k->blocked, sizeof k->blocked, "%s",
             cpu == k->cpu_mark ? "runnable but starved of CPU after the bound"
                                : "still using CPU after the bound");
    k->end = KID_STUCK;
  }
  /* It may have finished at the last moment; then it was neither hung nor stuck. */
  r = waitpid(k->pid, &st, WNOHANG);
  if (r == k->pid) {
    k->end = KID_RUNNING;
    k->blocked[0] = 0;
    set_end(k, st);
    close_pidfd(k);
    return 1;
  }
  kid_kill(k, group);
  return 1;
}

void kids_wait(struct kid *const *ks, int n, const int *fds, int nfds, int max_ms) {
  struct pollfd p[n + nfds];
  int np = 0, tick = max_ms;
  for (int i = 0; i < n; i++) {
    const struct kid *k = ks[i];
    if (k->end != KID_RUNNING) continue;
    long left = ms_until(k->checking ? &k->second : &k->deadline);
    if (left < 0) left = 0;
    if (left + 1 < tick) tick = (int)left + 1;
    if (k->pidfd >= 0)
      p[np++] = (struct pollfd){k->pidfd, POLLIN, 0};
    else if (tick > 5)
      tick = 5;
  }
  for (int i = 0; i < nfds; i++)
    if (fds[i] >= 0) p[np++] = (struct pollfd){fds[i], POLLIN, 0};
  if (tick < 0) tick = 0;
  poll(p, (nfds_t)np, tick);
}
