/* main.c - command line, PIN handling and the supervisor's checks before anything is forked.
 *
 * The supervisor loads the module, logs in once and stops (exit 2) on any failure, so a
 * wrong PIN is used exactly once and never by a forked process. Only then does it run the
 * scenarios (supervisor.c), compute the verdicts (verdicts.c) and print one JSON document
 * (report.c) on stdout. Everything for humans goes to stderr.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

void probe_warn(const char *fmt, ...) {
  char buf[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s: warning: %s\n", PROBE_NAME, buf);
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: %s --module PATH [options]\n"
          "Probes how a PKCS#11 module behaves across fork() and prints one JSON report.\n"
          "\n"
          "  --module PATH        the PKCS#11 module (shared library) to test\n"
          "  --init-args STRING   passed as CK_C_INITIALIZE_ARGS.pReserved (e.g. NSS softoken's\n"
          "                       \"configdir='sql:DIR' certPrefix='' keyPrefix='' secmod='secmod.db' flags=\")\n"
          "  --token LABEL        use the token with this label (default: first slot with a token)\n"
          "  --pin-env VAR        read the user PIN from environment variable VAR\n"
          "  --pin-stdin          read the user PIN from the first line of standard input\n"
          "  --forks N            children per atfork-threads variant (default 20, 1..1000)\n"
          "  --threads N          busy worker threads in atfork-threads (default 2, 0..64)\n"
          "  --bound-ms MS        time a child may take before it is examined (default 5000)\n"
          "  --no-finalize        skip the scenarios in which a child calls C_Finalize\n"
          "  --help, --version\n"
          "\n"
          "Exit status: 0 no recommendation failed, 1 at least one failed, 2 usage or set-up error.\n",
          PROBE_NAME);
}

static int parse_int(const char *s, int lo, int hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

/* Exit 2: one line on stderr, and a JSON document if the module was at least named. */
static int fail(struct run_state *st, int json_fd, const char *stage, int has_rv, CK_RV rv,
                const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->err_message, sizeof st->err_message, fmt, ap);
  va_end(ap);
  st->error = 1;
  st->err_stage = stage;
  st->err_has_rv = has_rv;
  st->err_rv = rv;
  fprintf(stderr, "%s: error: %s\n", PROBE_NAME, st->err_message);
  if (st->o->module && json_fd >= 0) report_write(st, json_fd);
  return 2;
}

enum { OPT_INIT_ARGS = 256, OPT_PIN_ENV, OPT_PIN_STDIN, OPT_FORKS, OPT_THREADS, OPT_BOUND,
       OPT_NO_FINALIZE, OPT_RUN, OPT_SLOT, OPT_VERSION };

int main(int argc, char **argv) {
  /* Make sure 0, 1 and 2 are open, so no pipe we create later lands on one of them. */
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) < 0) {
      int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
      if (n >= 0 && n != fd) {
        dup2(n, fd);
        close(n);
      }
    }
  static struct options o;
  static struct run_state st;
  o.forks = 20;
  o.threads = 2;
  o.bound_ms = 5000;
  o.finalize = 1;
  st.o = &o;

  static const struct option longopts[] = {
      {"module", required_argument, NULL, 'm'},
      {"init-args", required_argument, NULL, OPT_INIT_ARGS},
      {"token", required_argument, NULL, 't'},
      {"pin-env", required_argument, NULL, OPT_PIN_ENV},
      {"pin-stdin", no_argument, NULL, OPT_PIN_STDIN},
      {"forks", required_argument, NULL, OPT_FORKS},
      {"threads", required_argument, NULL, OPT_THREADS},
      {"bound-ms", required_argument, NULL, OPT_BOUND},
      {"no-finalize", no_argument, NULL, OPT_NO_FINALIZE},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, OPT_VERSION},
      /* internal: how the supervisor starts a scenario runner */
      {"run-scenario", required_argument, NULL, OPT_RUN},
      {"slot-id", required_argument, NULL, OPT_SLOT},
      {NULL, 0, NULL, 0}};
  char usage_err[300] = "";
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (c) {
    case 'm': o.module = optarg; break;
    case OPT_INIT_ARGS: o.init_args = optarg; break;
    case 't': o.token = optarg; break;
    case OPT_PIN_ENV: o.pin_env = optarg; break;
    case OPT_PIN_STDIN: o.pin_stdin = 1; break;
    case OPT_FORKS:
      if (parse_int(optarg, 1, 1000, &o.forks))
        snprintf(usage_err, sizeof usage_err, "--forks wants a number from 1 to 1000");
      break;
    case OPT_THREADS:
      if (parse_int(optarg, 0, 64, &o.threads))
        snprintf(usage_err, sizeof usage_err, "--threads wants a number from 0 to 64");
      break;
    case OPT_BOUND:
      if (parse_int(optarg, 100, 600000, &o.bound_ms))
        snprintf(usage_err, sizeof usage_err, "--bound-ms wants a number from 100 to 600000");
      break;
    case OPT_NO_FINALIZE: o.finalize = 0; break;
    case 'h': usage(stdout); return 0;
    case OPT_VERSION: printf("%s %s (%s)\n", PROBE_NAME, PROBE_VERSION, PROBE_SCHEMA); return 0;
    case OPT_RUN: o.run_scenario = optarg; break;
    case OPT_SLOT: {
      char *end;
      errno = 0;
      unsigned long v = strtoul(optarg, &end, 10);
      if (errno || *end || end == optarg)
        snprintf(usage_err, sizeof usage_err, "bad --slot-id");
      o.slot_id = (CK_SLOT_ID)v;
      break;
    }
    default:
      if (optopt)
        snprintf(usage_err, sizeof usage_err, "option needs a value or is unknown: %s",
                 argv[optind - 1]);
      else
        snprintf(usage_err, sizeof usage_err, "unknown option: %s", argv[optind - 1]);
    }
  }
  if (!usage_err[0] && optind < argc)
    snprintf(usage_err, sizeof usage_err, "unexpected argument: %s", argv[optind]);
  if (!usage_err[0] && !o.module) snprintf(usage_err, sizeof usage_err, "--module is required");
  if (!usage_err[0] && o.pin_env && o.pin_stdin)
    snprintf(usage_err, sizeof usage_err, "give the PIN either with --pin-env or with --pin-stdin");

  if (o.run_scenario) {
    if (usage_err[0]) {
      fprintf(stderr, "%s: error: %s\n", PROBE_NAME, usage_err);
      return 2;
    }
    return runner_main(&o);
  }

  /* Our stdout is for the JSON document only. Keep a private copy of it and point fd 1 at
   * stderr, so that a module printing to stdout cannot corrupt the document. */
  int json_fd = fcntl(1, F_DUPFD_CLOEXEC, 10);
  if (json_fd < 0 || dup2(2, 1) < 0) {
    fprintf(stderr, "%s: error: cannot set up standard output\n", PROBE_NAME);
    return 2;
  }
  {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(st.date, sizeof st.date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  }
  if (usage_err[0]) {
    if (!o.module) usage(stderr);
    return fail(&st, json_fd, "usage", 0, 0, "%s", usage_err);
  }

  /* The PIN: from the environment (then removed from it, so no scenario process inherits it)
   * or from one line of stdin. Never from argv, never printed. */
  static char pin[256];
  size_t pin_len = 0;
  int have_pin = 0;
  if (o.pin_env) {
    const char *v = getenv(o.pin_env);
    if (!v)
      return fail(&st, json_fd, "pin", 0, 0, "environment variable %s (from --pin-env) is not set",
                  o.pin_env);
    if (strlen(v) >= sizeof pin)
      return fail(&st, json_fd, "pin", 0, 0, "the PIN is longer than %zu bytes", sizeof pin - 1);
    pin_len = strlen(v);
    memcpy(pin, v, pin_len);
    have_pin = 1;
    /* Wipe the value where it lives (also what /proc/PID/environ shows), then drop it. */
    memset((char *)v, 0, pin_len);
    unsetenv(o.pin_env);
  } else if (o.pin_stdin) {
    size_t n = 0;
    char ch;
    ssize_t r;
    /* Byte by byte: nothing after the first line is consumed. */
    while ((r = read(0, &ch, 1)) == 1 || (r < 0 && errno == EINTR)) {
      if (r < 0) continue;
      if (ch == '\n') break;
      if (n >= sizeof pin - 1)
        return fail(&st, json_fd, "pin", 0, 0, "the PIN on stdin is longer than %zu bytes",
                    sizeof pin - 1);
      pin[n++] = ch;
    }
    if (n > 0 && pin[n - 1] == '\r') n--;
    if (n == 0 && r != 1)
      return fail(&st, json_fd, "pin", 0, 0, "no PIN on standard input (--pin-stdin)");
    pin_len = n;
    have_pin = 1;
  }

  /* Load and check, in this process only. */
  struct module m;
  if (module_load(&m, o.module, o.init_args) != 0) {
    snprintf(st.resolved, sizeof st.resolved, "%s", m.resolved);
    if (m.resolved[0] && sha256_file(m.resolved, st.module_sha256) == 0) st.have_sha = 1;
    return fail(&st, json_fd, "load", 0, 0, "%s: %s", o.module, m.error);
  }
  snprintf(st.resolved, sizeof st.resolved, "%s", m.resolved);
  if (sha256_file(m.resolved, st.module_sha256) == 0)
    st.have_sha = 1;
  else
    probe_warn("cannot read %s to fingerprint it", m.resolved);
  char t[48];
  CK_RV rv = module_initialize(&m);
  if (rv != CKR_OK) {
    rv_text(rv, t, sizeof t);
    return fail(&st, json_fd, "initialize", 1, rv, "C_Initialize failed in the parent: %s", t);
  }
  rv = m.f->C_GetInfo(&st.info);
  if (rv == CKR_OK)
    st.have_info = 1;
  else {
    rv_text(rv, t, sizeof t);
    probe_warn("C_GetInfo returned %s", t);
  }
  char err[200];
  if (find_slot(m.f, o.token, &st.slot, &rv, err, sizeof err) != 0) {
    rv_text(rv, t, sizeof t);
    m.f->C_Finalize(NULL);
    return fail(&st, json_fd, "token", rv != CKR_OK, rv, "%s%s%s", err,
                rv != CKR_OK ? ": " : "", rv != CKR_OK ? t : "");
  }
  rv = m.f->C_GetTokenInfo(st.slot, &st.token);
  if (rv != CKR_OK) {
    rv_text(rv, t, sizeof t);
    m.f->C_Finalize(NULL);
    return fail(&st, json_fd, "token", 1, rv, "C_GetTokenInfo failed: %s", t);
  }
  st.have_token = 1;
  if ((st.token.flags & CKF_LOGIN_REQUIRED) && !have_pin) {
    m.f->C_Finalize(NULL);
    return fail(&st, json_fd, "pin", 0, 0,
                "the token requires a login (CKF_LOGIN_REQUIRED): give the PIN with --pin-env VAR "
                "or --pin-stdin");
  }
  CK_SESSION_HANDLE s;
  rv = m.f->C_OpenSession(st.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s);
  if (rv != CKR_OK) {
    rv_text(rv, t, sizeof t);
    m.f->C_Finalize(NULL);
    return fail(&st, json_fd, "login", 1, rv, "C_OpenSession (read/write) failed: %s", t);
  }
  if (have_pin) {
    rv = m.f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)pin, (CK_ULONG)pin_len);
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
      rv_text(rv, t, sizeof t);
      memset(pin, 0, sizeof pin);
      m.f->C_CloseSession(s);
      m.f->C_Finalize(NULL);
      return fail(&st, json_fd, "login", 1, rv,
                  "C_Login refused the PIN: %s (nothing was forked; the PIN is not tried again)",
                  t);
    }
    m.f->C_Logout(s);
  }
  m.f->C_CloseSession(s);
  /* The scenario processes are fresh execs; this process needs the module no more. */
  rv = m.f->C_Finalize(NULL);
  if (rv != CKR_OK) {
    rv_text(rv, t, sizeof t);
    probe_warn("C_Finalize in the supervisor returned %s", t);
  }

  if (!o.finalize)
    probe_warn("--no-finalize: skipping child-finalize and child-finalize-initialize. A child's "
               "C_Finalize can disturb a live card reader's or daemon's state, so those scenarios "
               "are opt-out; the report marks them skipped.");
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  supervise_scenarios(&st, have_pin ? pin : NULL, pin_len);
  memset(pin, 0, sizeof pin);
  compute_verdicts(&o, st.sc, st.recs);
  report_write(&st, json_fd);
  fprintf(stderr, "%s: finished in %.1f s\n", PROBE_NAME, ms_since(&t0) / 1000.0);
  if (st.error) {
    fprintf(stderr, "%s: error: %s\n", PROBE_NAME, st.err_message);
    return 2;
  }
  for (int i = 0; i < REC_COUNT; i++)
    if (st.recs[i].verdict == V_FAIL) return 1;
  return 0;
}
