/* fork-load.c - the measuring side of python-fork-hazard.py, as a library Python loads with ctypes.
 *
 * Illustrates: nothing on its own. It gives a Python program the C fork-pattern matrix's
 * instruments: native worker threads that call into the module without pause
 * (examples/common/p11ex.c), a count of worker threads inside the module that a child reads at
 * the moment of fork, and the matrix's bounded child classification (ended, crashed, hung when
 * blocked in a futex or socket wait past the bound, stuck otherwise).
 *
 * It is also a thin PKCS #11 module: fl_setup() loads the real module, and this library's
 * C_GetFunctionList returns a copy of the real function list whose worker calls (the matrix's
 * WORKER_CALLS: C_GenerateRandom, C_GetTokenInfo, C_OpenSession, C_CloseSession, C_DigestInit,
 * C_Digest, C_SignInit, C_Sign) raise the count around the real call when a thread other than
 * the forking one makes them. PyKCS11 loads this library as its module, so a Python worker
 * thread's calls are counted exactly as a native worker's; everything else passes straight on.
 *
 * Guide: /guide/wrappers-and-runtimes#pykcs11.
 * Requires: Linux (/proc, pidfd), glibc, a module and token as for the fork patterns.
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p11ex.h"

static CK_FUNCTION_LIST *real;
static CK_FUNCTION_LIST shim;
static pthread_t forking_thread;
/* Worker calls in progress, and made in all; the child's copy of `inside` is its state at fork. */
static atomic_int inside;
static atomic_long worker_calls;
static volatile int observer_fd = -1;

static struct p11ex_opts opts;
static char pin[128];
static struct p11ex_workers *native;
static struct p11ex_tally tally;
static struct p11ex_child *children;
static int *ended;
static int forks, bound_ms;
static struct timespec started;

#define COUNTED(call)                                                                              \
  do {                                                                                             \
    if (pthread_equal(pthread_self(), forking_thread)) return real->call;                          \
    atomic_fetch_add(&inside, 1);                                                                  \
    CK_RV rv_ = real->call;                                                                        \
    atomic_fetch_sub(&inside, 1);                                                                  \
    atomic_fetch_add(&worker_calls, 1);                                                            \
    return rv_;                                                                                    \
  } while (0)

static CK_RV w_GenerateRandom(CK_SESSION_HANDLE s, CK_BYTE_PTR p, CK_ULONG n) {
  COUNTED(C_GenerateRandom(s, p, n));
}
static CK_RV w_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  COUNTED(C_GetTokenInfo(slot, info));
}
static CK_RV w_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify,
                           CK_SESSION_HANDLE_PTR s) {
  COUNTED(C_OpenSession(slot, flags, app, notify, s));
}
static CK_RV w_CloseSession(CK_SESSION_HANDLE s) { COUNTED(C_CloseSession(s)); }
static CK_RV w_DigestInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m) { COUNTED(C_DigestInit(s, m)); }
static CK_RV w_Digest(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG n, CK_BYTE_PTR out,
                      CK_ULONG_PTR out_len) {
  COUNTED(C_Digest(s, in, n, out, out_len));
}
static CK_RV w_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k) {
  COUNTED(C_SignInit(s, m, k));
}
static CK_RV w_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG n, CK_BYTE_PTR sig,
                    CK_ULONG_PTR sig_len) {
  COUNTED(C_Sign(s, in, n, sig, sig_len));
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
  if (!real) return CKR_GENERAL_ERROR; /* fl_setup() names the real module first */
  *list = &shim;
  return CKR_OK;
}

/* Runs first in every child (registered before the program forks). Async-signal-safe: an
 * atomic load and one write(2), as the matrix's observer. */
static void observe_fork_in_child(void) {
  p11ex_note(observer_fd, P11EX_NOTE_INSIDE, atomic_load(&inside) > 0 ? 1 : 0);
}

/* Loads and initialises the real module with CKF_OS_LOCKING_OK, as a native library sharing the
 * process would, and records the calling thread as the one that forks. PyKCS11's own
 * C_Initialize(NULL) then gets CKR_CRYPTOKI_ALREADY_INITIALIZED, which it accepts. Initialising
 * first matters: SoftHSM 2.6.1 turns its locking off for a NULL argument (C_Initialize in
 * src/lib/SoftHSM.cpp: "No concurrent access by multiple threads"), and native threads must not
 * share a module initialised that way. Returns 0, or -1 after printing why. */
int fl_setup(const char *module, const char *token, const char *key_label, const char *user_pin,
             const char *mode) {
  void *handle = dlopen(module, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    fprintf(stderr, "fork-load: dlopen: %s\n", dlerror());
    return -1;
  }
  CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(handle, "C_GetFunctionList");
  if (!get || get(&real) != CKR_OK) {
    fprintf(stderr, "fork-load: %s: no function list\n", module);
    return -1;
  }
  CK_C_INITIALIZE_ARGS args;
  memset(&args, 0, sizeof args);
  args.flags = CKF_OS_LOCKING_OK;
  CK_RV rv = real->C_Initialize(&args);
  if (rv != CKR_OK) {
    fprintf(stderr, "fork-load: C_Initialize: %s\n", p11ex_rv_name(rv));
    return -1;
  }
  shim = *real;
  shim.C_GetFunctionList = C_GetFunctionList;
  shim.C_GenerateRandom = w_GenerateRandom;
  shim.C_GetTokenInfo = w_GetTokenInfo;
  shim.C_OpenSession = w_OpenSession;
  shim.C_CloseSession = w_CloseSession;
  shim.C_DigestInit = w_DigestInit;
  shim.C_Digest = w_Digest;
  shim.C_SignInit = w_SignInit;
  shim.C_Sign = w_Sign;
  forking_thread = pthread_self();
  memset(&opts, 0, sizeof opts);
  opts.pattern = "python-fork-hazard";
  /* Copies: the caller's strings (Python bytes objects) need not outlive this call. */
  opts.module = strdup(module);
  opts.token = strdup(token);
  opts.key_label = strdup(key_label);
  opts.mode = strdup(mode);
  if (!opts.module || !opts.token || !opts.key_label || !opts.mode) return -1;
  opts.key_type = P11EX_KEY_EC;
  snprintf(pin, sizeof pin, "%s", user_pin);
  return pthread_atfork(NULL, NULL, observe_fork_in_child) == 0 ? 0 : -1;
}

/* Native worker threads: the matrix's load (token_info on), through this library's list. */
int fl_native_start(int n) {
  native = p11ex_workers_start(&shim, &opts, pin, n, 1);
  return native ? 0 : -1;
}

/* A run of `n` forks whose children are examined after `bound` ms (p11ex_wait_child). */
int fl_run_begin(int n, int bound) {
  memset(&tally, 0, sizeof tally);
  forks = n, bound_ms = bound, opts.forks = n, opts.bound_ms = bound;
  children = calloc((size_t)n, sizeof *children);
  ended = calloc((size_t)n, sizeof *ended);
  clock_gettime(CLOCK_MONOTONIC, &started);
  return children && ended ? 0 : -1;
}

/* Just before fork i: the thread count, and where the child's observer writes its note. */
void fl_before_fork(int notes_wfd) {
  p11ex_threads_seen(&tally, p11ex_thread_count());
  observer_fd = notes_wfd;
}

/* A child's record of one of its calls, for the run's return-code histogram. */
void fl_note(int fd, const char *call, unsigned long rv) { p11ex_note(fd, call, (CK_RV)rv); }

/* Just after fork i, in the parent: track the child and give it a moment to end. */
int fl_after_fork(int i, int pid, int notes_rfd) {
  if (i < 0 || i >= forks || p11ex_track_child(&children[i], pid, notes_rfd) != 0) return -1;
  if (p11ex_wait_child(&children[i], 20, bound_ms)) {
    p11ex_collect(&tally, &children[i]);
    ended[i] = 1;
  }
  return 0;
}

/* The parent's own sign and verify after each child action (1 = verified). */
void fl_parent_checked(int ok) {
  tally.parent_checks++;
  if (!ok) tally.parent_failures++;
}

/* The parent's own calls get `seconds` before the program reports it blocked (0 disarms). */
void fl_parent_bound(int seconds) { p11ex_parent_bound(seconds); }

/* Waits for every child still running (each bounded), stops the workers, prints the matrix's
 * P11EX-RESULT line and returns 1 when the run failed. `threads` is the worker count the
 * program started; `worker_errors` the Python workers' errors. */
int fl_run_end(int threads, long worker_errors, const char *condition) {
  for (int i = 0; i < forks; i++) {
    if (ended[i]) continue;
    p11ex_await_child(&children[i], bound_ms);
    p11ex_collect(&tally, &children[i]);
  }
  if (native && p11ex_workers_stop(native, &tally) != 0) tally.worker_errors++;
  native = NULL;
  tally.worker_errors += worker_errors;
  tally.worker_calls = atomic_load(&worker_calls);
  const char *outcome = tally.hangs + tally.crashes > 0 ? "hazard-observed" : "hazard-not-observed";
  char reason[160] = "";
  if (tally.stuck || tally.parent_failures || tally.worker_errors ||
      tally.threads_min < 1 + threads || tally.iterations != forks) {
    outcome = "fail";
    snprintf(reason, sizeof reason,
             "stuck %d, parent failures %d, worker errors %ld, threads at fork %d (want >= %d), "
             "%d of %d children",
             tally.stuck, tally.parent_failures, tally.worker_errors, tally.threads_min,
             1 + threads, tally.iterations, forks);
  }
  p11ex_report(&opts, condition, outcome, reason, &tally, p11ex_seconds_since(&started));
  free(children);
  free(ended);
  return strcmp(outcome, "fail") == 0;
}
