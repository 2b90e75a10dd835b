/* supervisor.c - running each scenario in a process of its own, bounded, and cleaning up.
 *
 * Each scenario runner is this same binary, started with posix_spawn (no fork in the
 * supervisor: its own copy of the module is never duplicated) in a new process group, with
 * the PIN on a pipe as its stdin and its result on a pipe as fd 3. The runner announces how
 * long each step may take; a runner that goes quiet past that is examined like any child
 * (kids.c) and killed with its whole group. The supervisor is a child subreaper, so orphans
 * of a killed runner come back to it and are reaped: nothing is left running at the end, also
 * after SIGINT or SIGTERM.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"

extern char **environ;

#define MAX_GROUPS 4
static volatile sig_atomic_t interrupted;
static volatile pid_t groups[MAX_GROUPS]; /* process groups alive right now */

/* Async-signal-safe: kill what we started, let the main loop do the reaping and reporting. */
static void on_signal(int sig) {
  interrupted = sig;
  for (int i = 0; i < MAX_GROUPS; i++)
    if (groups[i] > 0) kill(-groups[i], SIGKILL);
}

static void group_add(pid_t g) {
  for (int i = 0; i < MAX_GROUPS; i++)
    if (groups[i] == 0) {
      groups[i] = g;
      return;
    }
}

static void group_remove(pid_t g) {
  for (int i = 0; i < MAX_GROUPS; i++)
    if (groups[i] == g) groups[i] = 0;
}

struct runner {
  char arg[48];       /* scenario id passed to --run-scenario */
  struct kid k;
  int rfd;            /* result pipe */
  unsigned char buf[sizeof(struct msg_header) + sizeof(struct result)];
  size_t have;
  int got_result, bad;
  char bad_why[128];
  struct result r;
  struct timespec t0;
  long duration_ms;
  int phase;          /* enum phase, from its last progress message */
  int status;
  char detail[400];
};

/* Parse complete messages in the buffer. */
static void parse(struct runner *run) {
  while (!run->bad && run->have >= sizeof(struct msg_header)) {
    struct msg_header h;
    memcpy(&h, run->buf, sizeof h);
    size_t need = sizeof h;
    if (h.magic != MSG_MAGIC) {
      run->bad = 1;
      snprintf(run->bad_why, sizeof run->bad_why, "bad message header");
      return;
    }
    if (h.type == MSG_PROGRESS) {
      /* A step announced: its allowance plus room for the runner's own bookkeeping. */
      long allow = h.allowance_ms > 3600000u ? 3600000L : (long)h.allowance_ms;
      if (h.phase < PHASE_COUNT) run->phase = (int)h.phase;
      if (!run->got_result) kid_extend(&run->k, (int)allow + 2000);
    } else if (h.type == MSG_RESULT) {
      if (h.len != sizeof(struct result)) {
        run->bad = 1;
        snprintf(run->bad_why, sizeof run->bad_why, "result of %u bytes, expected %zu", h.len,
                 sizeof(struct result));
        return;
      }
      need += h.len;
      if (run->have < need) return;
      if (run->got_result) {
        run->bad = 1;
        snprintf(run->bad_why, sizeof run->bad_why, "more than one result");
        return;
      }
      memcpy(&run->r, run->buf + sizeof h, sizeof run->r);
      if (result_check(&run->r, run->bad_why, sizeof run->bad_why) != 0) {
        run->bad = 1;
        return;
      }
      run->got_result = 1;
      /* The runner now only tidies up (C_Finalize); do not wait long for that. */
      kid_extend(&run->k, 5000);
    } else {
      run->bad = 1;
      snprintf(run->bad_why, sizeof run->bad_why, "unknown message type %u", h.type);
      return;
    }
    memmove(run->buf, run->buf + need, run->have - need);
    run->have -= need;
  }
}

/* Read whatever is there without blocking. Returns 1 at end of file. */
static int pump(struct runner *run) {
  if (run->rfd < 0) return 1;
  for (;;) {
    if (run->have == sizeof run->buf) {
      if (!run->bad) {
        run->bad = 1;
        snprintf(run->bad_why, sizeof run->bad_why, "oversized message");
      }
      run->have = 0; /* keep reading to let the writer go on, but ignore it */
    }
    ssize_t n = read(run->rfd, run->buf + run->have, sizeof run->buf - run->have);
    if (n > 0) {
      run->have += (size_t)n;
      parse(run);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      close(run->rfd);
      run->rfd = -1;
      return 1;
    }
    return 0; /* EAGAIN */
  }
}

static int spawn_runner(struct run_state *st, struct runner *run, const char *pin,
                        size_t pinlen) {
  const struct options *o = st->o;
  int pin_pipe[2], res_pipe[2];
  if (pipe2(pin_pipe, O_CLOEXEC) != 0) return -1;
  if (pipe2(res_pipe, O_CLOEXEC) != 0) {
    close(pin_pipe[0]);
    close(pin_pipe[1]);
    return -1;
  }
  char slot[32], forks[16], threads[16], bound[16];
  snprintf(slot, sizeof slot, "%lu", (unsigned long)st->slot);
  snprintf(forks, sizeof forks, "%d", o->forks);
  snprintf(threads, sizeof threads, "%d", o->threads);
  snprintf(bound, sizeof bound, "%d", o->bound_ms);
  const char *argv[20];
  int a = 0;
  argv[a++] = PROBE_NAME;
  argv[a++] = "--run-scenario";
  argv[a++] = run->arg;
  argv[a++] = "--module";
  argv[a++] = o->module;
  argv[a++] = "--slot-id";
  argv[a++] = slot;
  argv[a++] = "--forks";
  argv[a++] = forks;
  argv[a++] = "--threads";
  argv[a++] = threads;
  argv[a++] = "--bound-ms";
  argv[a++] = bound;
  if (o->init_args) {
    argv[a++] = "--init-args";
    argv[a++] = o->init_args;
  }
  if (!o->finalize) argv[a++] = "--no-finalize";
  argv[a] = NULL;

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pin_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, res_pipe[1], RESULT_FD);
  posix_spawn_file_actions_adddup2(&fa, 2, 1); /* module chatter must not reach our stdout */
  posix_spawnattr_init(&at);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&at, &none);
  posix_spawnattr_setsigdefault(&at, &defaults);
  posix_spawnattr_setpgroup(&at, 0); /* its own group: one kill() ends it and its children */
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                    POSIX_SPAWN_SETSIGDEF);
  pid_t pid;
  clock_gettime(CLOCK_MONOTONIC, &run->t0);
  int err = posix_spawn(&pid, "/proc/self/exe", &fa, &at, (char *const *)argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&at);
  close(pin_pipe[0]);
  close(res_pipe[1]);
  if (err != 0) {
    close(pin_pipe[1]);
    close(res_pipe[0]);
    errno = err;
    return -1;
  }
  group_add(pid);
  /* The PIN goes through the pipe: it fits in the pipe buffer, so this cannot block. */
  char msg[260];
  size_t n = 0;
  if (pin && pinlen + 2 <= sizeof msg) {
    msg[0] = 'P';
    memcpy(msg + 1, pin, pinlen);
    msg[pinlen + 1] = '\n';
    n = pinlen + 2;
  } else {
    msg[0] = 'N';
    n = 1;
  }
  ssize_t w = write(pin_pipe[1], msg, n);
  (void)w;
  memset(msg, 0, sizeof msg);
  close(pin_pipe[1]);
  run->rfd = res_pipe[0];
  fcntl(run->rfd, F_SETFL, O_NONBLOCK);
  /* Until the runner says otherwise, it has the set-up allowance. */
  kid_start(&run->k, pid, 60000 + 2 * o->bound_ms);
  return 0;
}

/* Reap whatever has come back to us (orphans of killed runners), for up to two seconds,
 * until none of the groups has a member left. Only called when no runner is being watched. */
static void sweep(const pid_t *gs, int n) {
  for (int tries = 0; tries < 2000; tries++) {
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0) {
    }
    int alive = 0;
    for (int i = 0; i < n; i++)
      if (gs[i] > 0 && (kill(-gs[i], SIGKILL) == 0 || errno != ESRCH)) alive = 1;
    if (!alive) return;
    struct timespec t = {0, 1000000};
    nanosleep(&t, NULL);
  }
  probe_warn("some processes of the probe's scenario groups would not die");
}

static void conclude(struct runner *run, int bound_ms) {
  run->duration_ms = ms_since(&run->t0);
  const char *sn;
  if (run->got_result) {
    run->status = run->r.status;
    snprintf(run->detail, sizeof run->detail, "%s", run->r.detail);
    if (run->k.end == KID_CRASHED || run->k.end == KID_HUNG || run->k.end == KID_STUCK)
      probe_warn("%s: the scenario process misbehaved while tidying up after its result", run->arg);
    return;
  }
  const char *where = phase_names[run->phase];
  switch (run->k.end) {
  case KID_CRASHED:
    sn = signal_name(run->k.code);
    run->status = ST_CRASHED;
    snprintf(run->detail, sizeof run->detail,
             "the scenario process itself was killed by signal %d (%s) %s, before it sent a "
             "result",
             run->k.code, sn ? sn : "?", where);
    break;
  case KID_HUNG:
    run->status = ST_HUNG;
    snprintf(run->detail, sizeof run->detail,
             "the scenario process itself hung %s (%s); killed after %ld ms", where,
             run->k.blocked, run->duration_ms);
    break;
  case KID_STUCK:
    run->status = ST_ERROR;
    snprintf(run->detail, sizeof run->detail,
             "the scenario process itself was still busy %s past its allowance (bound %d ms); "
             "killed",
             where, bound_ms);
    break;
  default:
    run->status = ST_ERROR;
    if (interrupted)
      snprintf(run->detail, sizeof run->detail, "interrupted: the scenario process was killed");
    else if (run->bad)
      snprintf(run->detail, sizeof run->detail,
               "the scenario process wrote a malformed result (%s) %s", run->bad_why, where);
    else
      snprintf(run->detail, sizeof run->detail,
               "the scenario process exited with status %d %s, without a result", run->k.code,
               where);
  }
}

/* Start the runners and watch them until all have ended. */
static void run_batch(struct run_state *st, struct runner *rs, int n, const char *pin,
                      size_t pinlen) {
  pid_t gs[MAX_GROUPS] = {0};
  for (int i = 0; i < n; i++) {
    rs[i].rfd = -1;
    if (spawn_runner(st, &rs[i], pin, pinlen) != 0) {
      rs[i].k.end = KID_FAILED;
      rs[i].k.code = -1;
      rs[i].status = ST_ERROR;
      snprintf(rs[i].detail, sizeof rs[i].detail, "cannot start the scenario process: %s",
               strerror(errno));
      continue;
    }
    gs[i] = rs[i].k.pid;
  }
  for (;;) {
    struct kid *ks[MAX_GROUPS];
    int fds[MAX_GROUPS], nk = 0, nf = 0;
    for (int i = 0; i < n; i++) {
      if (rs[i].k.end == KID_RUNNING) ks[nk++] = &rs[i].k;
      if (rs[i].rfd >= 0) fds[nf++] = rs[i].rfd;
    }
    if (nk == 0) break;
    kids_wait(ks, nk, fds, nf, 500);
    for (int i = 0; i < n; i++) {
      struct runner *run = &rs[i];
      if (run->k.end != KID_RUNNING) continue;
      pump(run);
      if (interrupted) {
        kid_kill(&run->k, 1);
        run->k.end = KID_FAILED;
        continue;
      }
      /* Kill its group before reaping it, while its process-group id is surely still ours. */
      siginfo_t si;
      si.si_pid = 0;
      if (waitid(P_PID, (id_t)run->k.pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
          si.si_pid == run->k.pid)
        kill(-run->k.pid, SIGKILL);
      int bound_second = st->o->bound_ms < 1000 ? st->o->bound_ms : 1000;
      if (kid_check(&run->k, bound_second, 1)) {
        pump(run);
        group_remove(run->k.pid);
      }
    }
  }
  for (int i = 0; i < n; i++) {
    struct runner *run = &rs[i];
    pump(run);
    if (run->rfd >= 0) close(run->rfd);
    run->rfd = -1;
    if (run->k.pid > 0) group_remove(run->k.pid);
    if (run->k.pid > 0) conclude(run, st->o->bound_ms);
  }
  sweep(gs, n);
}

static int died(const struct runner *run) { return run->got_result ? -1 : run->phase; }

/* A runner that hung in its own set-up will hang again in the next one: every scenario
 * starts with the same set-up. Stop instead of spending the set-up allowance seven times. */
static int hung_in_setup(const struct runner *run) {
  return !run->got_result && run->phase <= PHASE_SETUP &&
         (run->k.end == KID_HUNG || run->k.end == KID_STUCK);
}

static void fill_out(struct scen_out *out, struct runner *run) {
  out->died_in_phase = died(run);
  out->reinit_died_in_phase = -1;
  out->status = run->status;
  snprintf(out->detail, sizeof out->detail, "%s", run->detail);
  out->duration_ms = run->duration_ms;
  if (run->got_result) {
    out->have_result = 1;
    out->r = run->r;
  }
}

static int install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  return 0;
}

int supervise_scenarios(struct run_state *st, const char *pin, size_t pinlen) {
  const struct options *o = st->o;
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  install_signals();
  int stop = 0;
  for (int id = 0; id < SC_COUNT; id++) {
    struct scen_out *out = &st->sc[id];
    out->id = id;
    if (interrupted) break;
    st->ran = id + 1;
    if (stop) {
      out->status = ST_ERROR;
      out->died_in_phase = out->reinit_died_in_phase = -1;
      snprintf(out->detail, sizeof out->detail, "%s",
               stop == 1 ? "not run: a scenario process's login was refused, so the probe stopped"
                         : "not run: an earlier scenario process hung in its own set-up, which "
                           "every scenario shares");
      continue;
    }
    out->died_in_phase = out->reinit_died_in_phase = -1;
    if (!o->finalize && (id == SC_CHILD_FINALIZE || id == SC_CHILD_FINALIZE_INITIALIZE)) {
      out->status = ST_SKIPPED;
      snprintf(out->detail, sizeof out->detail,
               "skipped with --no-finalize: a child's C_Finalize can disturb a live reader or daemon");
      continue;
    }
    fprintf(stderr, "%s: %s ...\n", PROBE_NAME, scen_names[id]);
    if (id == SC_ATFORK_THREADS) {
      /* The two variants one after the other, each in its own process so that the reinit
       * variant's atfork handler cannot leak into the control. Not in parallel: one runner's
       * login can race with the other's busy threads on a shared token (SoftHSM2 then answers
       * CKR_GENERAL_ERROR), which has nothing to do with fork. */
      struct runner *rs = calloc(2, sizeof *rs);
      if (!rs) return -1;
      snprintf(rs[0].arg, sizeof rs[0].arg, "%s:control", scen_names[id]);
      snprintf(rs[1].arg, sizeof rs[1].arg, "%s:reinit", scen_names[id]);
      run_batch(st, &rs[0], 1, pin, pinlen);
      if (!interrupted && !(rs[0].got_result && rs[0].r.login_refused))
        run_batch(st, &rs[1], 1, pin, pinlen);
      else {
        rs[1].status = ST_ERROR;
        snprintf(rs[1].detail, sizeof rs[1].detail, "not run");
      }
      fill_out(out, &rs[0]);
      out->control_status = rs[0].status;
      snprintf(out->control_detail, sizeof out->control_detail, "%s", rs[0].detail);
      out->reinit_status = rs[1].status;
      snprintf(out->reinit_detail, sizeof out->reinit_detail, "%s", rs[1].detail);
      if (rs[1].got_result) {
        out->have_reinit = 1;
        out->reinit = rs[1].r;
      }
      out->reinit_died_in_phase = rs[1].k.pid > 0 ? died(&rs[1]) : -1;
      if (hung_in_setup(&rs[0]) || hung_in_setup(&rs[1])) stop = 2;
      out->duration_ms = rs[0].duration_ms + rs[1].duration_ms;
      out->status = rs[0].status != ST_DONE ? rs[0].status : rs[1].status;
      snprintf(out->detail, sizeof out->detail, "%.190s; %.190s", rs[0].detail, rs[1].detail);
      for (int i = 0; i < 2; i++)
        if (rs[i].got_result && rs[i].r.login_refused) stop = 1;
      free(rs);
    } else {
      struct runner *run = calloc(1, sizeof *run);
      if (!run) return -1;
      snprintf(run->arg, sizeof run->arg, "%s", scen_names[id]);
      run_batch(st, run, 1, pin, pinlen);
      fill_out(out, run);
      if (run->got_result && run->r.login_refused) stop = 1;
      if (hung_in_setup(run)) stop = 2;
      free(run);
    }
    fprintf(stderr, "%s: %s: %s (%ld ms)\n", PROBE_NAME, scen_names[id], status_names[out->status],
            out->duration_ms);
  }
  /* Nothing learnt about fork at all: that is a set-up failure, not a clean bill. */
  int learnt = 0;
  for (int id = 0; id < st->ran && id < SC_COUNT; id++)
    if ((st->sc[id].have_result && st->sc[id].status != ST_NOT_APPLICABLE) ||
        st->sc[id].have_reinit)
      learnt = 1;
  if (!interrupted && !st->error && stop != 1 && !learnt) {
    int first = 0;
    while (first < SC_COUNT - 1 && st->sc[first].status == ST_SKIPPED) first++;
    st->error = 1;
    st->err_stage = "scenario-setup";
    snprintf(st->err_message, sizeof st->err_message,
             "no scenario got past its own set-up (%.400s)", st->sc[first].detail);
  }
  if (stop == 1 && !st->error) {
    st->error = 1;
    st->err_stage = "login";
    snprintf(st->err_message, sizeof st->err_message,
             "a scenario process's C_Login was refused; the probe stopped to protect the PIN");
  }
  if (interrupted) {
    for (int id = st->ran; id < SC_COUNT; id++) {
      st->sc[id].id = id;
      st->sc[id].died_in_phase = st->sc[id].reinit_died_in_phase = -1;
      st->sc[id].status = ST_ERROR;
      snprintf(st->sc[id].detail, sizeof st->sc[id].detail, "not run: the probe was interrupted");
    }
    st->ran = SC_COUNT;
    st->error = 1;
    st->err_stage = "interrupted";
    snprintf(st->err_message, sizeof st->err_message, "interrupted by signal %d; all scenario processes were killed",
             (int)interrupted);
    return -1;
  }
  return 0;
}
