/* p11ex.h - shared helpers for the fork-pattern examples.
 *
 * Illustrates: nothing on its own; it keeps the boilerplate (module loading, argument parsing,
 * ECDSA P-256 or RSA-2048 sign/verify, thread counting, bounded child waiting, result printing)
 * out of the pattern files so that each of them shows only its pattern.
 * Requires: Linux (/proc), glibc, the p11-kit copy of pkcs11.h (2.40 names).
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef P11EX_H
#define P11EX_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

/* PKCS#11 3.0 additions that the 2.40-era header lacks (values from the OASIS 3.0 headers). */
#define P11EX_CKF_INTERFACE_FORK_SAFE 0x00000001UL
struct p11ex_interface {
  CK_UTF8CHAR *pInterfaceName;
  void *pFunctionList;
  CK_FLAGS flags;
};
typedef CK_RV (*p11ex_get_interface_fn)(CK_UTF8CHAR *pInterfaceName, CK_VERSION *pVersion,
                                        struct p11ex_interface **ppInterface, CK_FLAGS flags);

/* The signing key the examples use: ECDSA P-256, or RSA-2048 with PKCS #1 v1.5 where the token
 * offers only RSA (OpenSC's CAC driver). */
enum p11ex_key_type { P11EX_KEY_EC, P11EX_KEY_RSA };

/* Command line shared by every example. */
struct p11ex_opts {
  const char *pattern;   /* example id, e.g. "fork-exec" */
  const char *module;    /* --module: path of the PKCS#11 module */
  const char *init_args; /* --init-args: string passed in CK_C_INITIALIZE_ARGS.pReserved */
  const char *token;     /* --token: token label */
  const char *key_label; /* --key: label of the key pair */
  enum p11ex_key_type key_type; /* --key-type ec|rsa */
  const char *pin_env;   /* --pin-env: name of the environment variable holding the user PIN */
  const char *mode;      /* --mode: pattern-specific variant (e.g. reinit | control) */
  const char *self;      /* argv[0], for examples that exec themselves */
  int forks;             /* --forks */
  int threads;           /* --threads: worker threads kept busy inside the module */
  int bound_ms;          /* --bound-ms: a child not exited after this long is examined */
  int exec_child;        /* --exec-child: run as the program a parent exec'd */
  int device_interval_ms; /* --device-interval-ms: workers call the device at most this often */
};

/* A loaded, not yet initialised module. */
struct p11ex_module {
  void *handle;
  CK_FUNCTION_LIST *f;
  CK_C_INITIALIZE_ARGS init_args;
  char pin[128];
};

/* A logged-in session and the key pair found in it. */
struct p11ex_session {
  CK_SESSION_HANDLE session;
  CK_OBJECT_HANDLE priv;
  CK_OBJECT_HANDLE pub;
};

/* Histogram of "function=return code" pairs, for the results file. */
#define P11EX_MAX_RCS 48
struct p11ex_rcs {
  int n;
  struct {
    char call[32];
    CK_RV rv;
    long count;
  } e[P11EX_MAX_RCS];
};

/* One record a child sends to its parent over a pipe (fixed size, written with write(2)). */
struct p11ex_note {
  char call[32];
  CK_RV rv;
};

/* How a child ended. */
enum p11ex_child_end {
  P11EX_CHILD_OK,      /* exited with status 0 */
  P11EX_CHILD_FAILED,  /* exited with another status */
  P11EX_CHILD_CRASHED, /* killed by a signal it raised itself (SIGSEGV, SIGABRT, ...) */
  P11EX_CHILD_HUNG,    /* past the bound, blocked (futex, socket or poll wait), no CPU progress */
  P11EX_CHILD_STUCK    /* past twice the bound but not provably blocked (counts as failure) */
};

struct p11ex_child {
  pid_t pid;
  int pidfd;
  int notes_fd; /* read end of the child's note pipe, or -1 */
  struct timespec started;
  enum p11ex_child_end end;
  int status; /* exit status or signal number */
  int notes_seen; /* records read from notes_fd */
  int fork_noted; /* the fork observer's note was read already (p11ex_take_fork_note) */
  char blocked_in[64];
  int blocked_io; /* hung on a socket or poll wait (a daemon-backed module), not a futex */
};

/* Counters every example reports. */
struct p11ex_tally {
  int iterations;
  int clean, failed, crashes, hangs, stuck;
  int hangs_io;             /* of the hangs: blocked on a socket or poll wait, not a futex */
  int crash_signals[65];    /* crashes by signal number */
  int forks_observed;       /* children whose fork observer reported */
  int forks_inside;         /* of those: a worker was inside the module at the moment of fork */
  long worker_calls;        /* PKCS#11 calls the worker threads made */
  int threads_min, threads_max; /* threads in the forking process at the moments of fork */
  int parent_checks, parent_failures;
  int parent_damaged;       /* hazard runs: forks after which the parent check or workers failed */
  int last_fork_damaged;    /* the latest fork made already counts in parent_damaged */
  int hazard_forks;         /* hazard runs: forks with a hung or crashed child or parent damage */
  int last_fork_event;      /* the latest fork made already counts in hazard_forks */
  long worker_errors;
  struct p11ex_rcs rcs;
  char note[160];
};

void p11ex_parse_args(int argc, char **argv, const char *pattern, struct p11ex_opts *o);
int p11ex_load(const struct p11ex_opts *o, struct p11ex_module *m);
CK_RV p11ex_initialize(struct p11ex_module *m);
CK_RV p11ex_find_slot(CK_FUNCTION_LIST *f, const char *label, CK_SLOT_ID *slot);
CK_RV p11ex_open_login(CK_FUNCTION_LIST *f, CK_SLOT_ID slot, const char *pin, CK_SESSION_HANDLE *s);
CK_RV p11ex_find_key(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const char *label,
                     CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE *h);
CK_RV p11ex_open_session(CK_FUNCTION_LIST *f, const struct p11ex_opts *o, const char *pin,
                         struct p11ex_session *out);
CK_RV p11ex_sign_verify(CK_FUNCTION_LIST *f, const struct p11ex_session *s, unsigned salt);
int p11ex_app_once(const struct p11ex_opts *o, struct p11ex_module *m, int notes_fd);

int p11ex_thread_count(void);
const char *p11ex_rv_name(CK_RV rv);
void p11ex_rcs_add(struct p11ex_rcs *r, const char *call, CK_RV rv, long count);
void p11ex_note(int fd, const char *call, CK_RV rv);

pid_t p11ex_fork_child(struct p11ex_child *c, int *notes_wfd);
int p11ex_track_child(struct p11ex_child *c, pid_t pid, int notes_rfd);
int p11ex_wait_child(struct p11ex_child *c, int wait_ms, int bound_ms);
/* Waits until the child has ended: exited, crashed, or hung/stuck and killed at the bound. */
void p11ex_await_child(struct p11ex_child *c, int bound_ms);
void p11ex_collect(struct p11ex_tally *t, struct p11ex_child *c);

void p11ex_threads_seen(struct p11ex_tally *t, int threads);
int p11ex_parent_check(struct p11ex_tally *t, CK_FUNCTION_LIST *f, const struct p11ex_session *s);
/* The parent's clean-up: close its session, finalise; any error ends the program. */
void p11ex_parent_close(CK_FUNCTION_LIST *f, const struct p11ex_session *s);

/* Busy worker threads for the multi-threaded patterns: each calls into the module without
 * pause (C_GenerateRandom, C_DigestInit + C_Digest, C_SignInit + C_Sign), counting its calls.
 * token_info: also C_GetTokenInfo and a session opened and closed per round, which make
 * SoftHSM2 take its token and session locks
 * (the hazard runs; the safe patterns leave it out because SoftHSM 2.6 can also fail it while
 * another process logs in and rewrites the token file: a multi-process race, not a fork one).
 * With o->device_interval_ms > 0 the calls that reach a shared device (C_GenerateRandom,
 * C_GetTokenInfo, C_SignInit + C_Sign) run at most once per interval in each worker; between
 * them the worker keeps calling the functions the module answers alone, without pause. */
struct p11ex_workers;
struct p11ex_workers *p11ex_workers_start(CK_FUNCTION_LIST *f, const struct p11ex_opts *o,
                                          const char *pin, int n, int token_info);
int p11ex_workers_stop(struct p11ex_workers *w, struct p11ex_tally *t);
/* Moves the errors the workers saw since the last take into t (worker_errors and a return code
 * per worker, "worker <call>") and returns how many; the workers go on running. A hazard run
 * takes them around each fork, so that an error counts against the fork it followed. */
long p11ex_workers_take_errors(struct p11ex_workers *w, struct p11ex_tally *t);

/* The fork observer: a pthread_atfork child handler, registered before any other, that writes
 * one note (P11EX_NOTE_INSIDE, rv 1 or 0) saying whether a worker was inside the module at the
 * moment of fork, to the descriptor given for the next fork. p11ex_collect counts the notes. */
#define P11EX_NOTE_INSIDE "worker inside module at fork"
int p11ex_observe_forks(void);
void p11ex_observe_next_fork(int notes_fd);
/* Reads the observer's note of a child still running, if it has arrived (it is the child's first
 * record), so that the load of a run is known up to the moment its parent crashes. */
void p11ex_take_fork_note(struct p11ex_tally *t, struct p11ex_child *c);

/* Bounds the parent's own next calls: if they have not returned within `seconds`, the program
 * prints a line "P11EX-PARENT-BLOCKED" and exits with status 3. 0 disarms. */
void p11ex_parent_bound(int seconds);

/* Hazard runs: one line per fork made (P11EX-FORK <forks made>), and after each of the parent's
 * checks the counts so far (P11EX-PROGRESS {..., "forksDone": n}), both flushed at once, so that
 * the harness keeps a run's data up to the moment its parent crashed or blocked. */
void p11ex_fork_made(int forks_made);
void p11ex_progress(const struct p11ex_opts *o, const struct p11ex_tally *t, int forks_done,
                    double seconds);

void p11ex_print_info(CK_FUNCTION_LIST *f);
int p11ex_finish(const struct p11ex_opts *o, const char *condition, int min_threads,
                 int max_threads, const struct p11ex_tally *t, const struct timespec *t0);
int p11ex_not_applicable(const struct p11ex_opts *o, const char *condition, const char *reason,
                         const struct p11ex_tally *t, const struct timespec *t0);
void p11ex_report(const struct p11ex_opts *o, const char *condition, const char *outcome,
                  const char *reason, const struct p11ex_tally *t, double seconds);
double p11ex_seconds_since(const struct timespec *t0);
void p11ex_die(const char *what, CK_RV rv);

#define P11EX_CHECK(call, rv_expr)                                                                 \
  do {                                                                                             \
    CK_RV p11ex_rv_ = (rv_expr);                                                                   \
    if (p11ex_rv_ != CKR_OK) p11ex_die(call, p11ex_rv_);                                           \
  } while (0)

#endif
