/* probe.h - shared declarations of pkcs11-fork-probe.
 *
 * Holds the options, the names of scenarios and calls, the fixed binary record a scenario
 * runner sends to the supervisor, and the entry points of each source file. The record is
 * binary (not JSON) so that the supervisor can check it field by field and compute the
 * verdicts without a JSON parser.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

#include "pkcs11-3.h"

#define PROBE_VERSION "1.0.0"
#define PROBE_SCHEMA "pkcs11-fork-probe/1"
#define PROBE_NAME "pkcs11-fork-probe"

/* ---- options (main.c) ---------------------------------------------------------------- */

struct options {
  const char *module;    /* --module, as given */
  const char *init_args; /* --init-args: CK_C_INITIALIZE_ARGS.pReserved, or NULL */
  const char *token;     /* --token label, or NULL for the first slot with a token */
  const char *pin_env;   /* --pin-env VAR */
  int pin_stdin;         /* --pin-stdin */
  int forks;             /* --forks */
  int threads;           /* --threads */
  int bound_ms;          /* --bound-ms */
  int finalize;          /* 0 with --no-finalize */
  /* hidden, set by the supervisor for a scenario runner */
  const char *run_scenario;
  CK_SLOT_ID slot_id;
};

/* ---- scenarios ------------------------------------------------------------------------- */

enum scen_id {
  SC_CHILD_NO_REINIT,
  SC_CHILD_INITIALIZE,
  SC_CHILD_FINALIZE,
  SC_CHILD_FINALIZE_INITIALIZE,
  SC_FORK_SAFE_INTERFACE,
  SC_ATFORK_THREADS,
  SC_INIT_COST,
  SC_COUNT
};
extern const char *const scen_names[SC_COUNT];

enum status { ST_DONE, ST_SKIPPED, ST_NOT_APPLICABLE, ST_CRASHED, ST_HUNG, ST_ERROR, ST_COUNT };
extern const char *const status_names[ST_COUNT];

/* Every PKCS#11 function the probe calls, so a record can name it with one byte. */
enum call_id {
  CALL_INITIALIZE,
  CALL_FINALIZE,
  CALL_GET_INFO,
  CALL_GET_FUNCTION_LIST,
  CALL_GET_SLOT_LIST,
  CALL_GET_TOKEN_INFO,
  CALL_OPEN_SESSION,
  CALL_CLOSE_SESSION,
  CALL_GET_SESSION_INFO,
  CALL_LOGIN,
  CALL_LOGOUT,
  CALL_GENERATE_KEY_PAIR,
  CALL_GENERATE_KEY,
  CALL_SIGN_INIT,
  CALL_SIGN,
  CALL_GET_INTERFACE_LIST,
  CALL_GET_INTERFACE,
  CALL_GENERATE_RANDOM,
  CALL_COUNT,
  CALL_NONE = 255 /* "not inside a PKCS#11 call" */
};
const char *call_name(int call);

enum who { WHO_CHILD, WHO_PARENT };

/* How a supervised process ended (kids.c). */
enum kid_end { KID_RUNNING, KID_CLEAN, KID_FAILED, KID_CRASHED, KID_HUNG, KID_STUCK };

/* ---- the runner -> supervisor record (fixed layout, same binary on both sides) ---------- */

#define RES_MAGIC 0x50314b46u /* "FK1P" */
#define RES_VERSION 1u
#define RES_MAX_CALLS 48
#define RES_MAX_HIST 40
#define RES_MAX_WHERE 8
#define RES_MAX_IFACES 8
#define TRI_NULL (-1)

struct call_rec {
  uint8_t who;       /* enum who */
  uint8_t call;      /* enum call_id */
  uint8_t has_state; /* C_GetSessionInfo that returned CKR_OK: state holds CK_STATE */
  uint8_t pad;
  uint32_t count;    /* histograms: how often; single calls: 1 */
  uint64_t rv;       /* raw CK_RV, printed by name or in hex */
  uint64_t state;
};

/* One child of a single-child scenario, as the runner saw it end. */
struct child_rec {
  int32_t end;      /* enum kid_end */
  int32_t code;     /* exit status, or signal number when crashed */
  uint8_t in_call;  /* call it was inside when it hung/crashed, or CALL_NONE */
  uint8_t pad[3];
  char blocked[80]; /* how a hang was recognised */
};

/* One variant of atfork-threads. */
struct variant_rec {
  int32_t forks, clean, failed, crashed, hung, stuck;
  int32_t threads;     /* worker threads that were running */
  int32_t pad;
  int64_t worker_ops;  /* calls the workers made while the children were forked */
  int32_t nhist, nhung, ncrash, pad2;
  struct call_rec hist[RES_MAX_HIST];     /* who=child, call, rv, count */
  struct call_rec hung_in[RES_MAX_WHERE]; /* call (or CALL_NONE), count */
  struct call_rec crashed_in[RES_MAX_WHERE];
};

struct iface_rec {
  char name[64];
  uint8_t major, minor, pad[6];
  uint64_t flags;
};

enum { COST_FORK, COST_INIT, COST_INIT_FINI, COST_COUNT };
enum { COST_OK, COST_SKIPPED, COST_HUNG, COST_CRASHED, COST_FAILED };

struct result {
  uint32_t magic, version, size, scenario; /* scenario: enum scen_id */
  int32_t status;                          /* enum status */
  int32_t login_refused;                   /* PIN trouble: the supervisor stops everything */
  char detail[320];
  char key_kind[16];                       /* ec-p256 | rsa-2048 | hmac-sha256 | none */
  int32_t ncalls, pad;
  struct call_rec calls[RES_MAX_CALLS];
  /* observations; TRI_NULL = unknown */
  int8_t inherits_login, inherited_session_valid, new_session_logged_in, fresh_login;
  int8_t child_sign_ok, get_interface_present, fork_safe_offered, have_child;
  struct child_rec child;
  /* parent-after check */
  int32_t parent_checked, parent_ok;
  char parent_detail[200];
  /* fork-safe-interface */
  int32_t niface, pad3;
  struct iface_rec ifaces[RES_MAX_IFACES];
  /* atfork-threads (variant in scenario_variant: 0 control, 1 reinit) */
  int32_t variant, pad4;
  struct variant_rec v;
  /* init-cost */
  int64_t cost_us[COST_COUNT];
  int32_t cost_samples[COST_COUNT];
  int32_t cost_state[COST_COUNT];
  uint8_t digest[32]; /* SHA-256 of everything above: catches a torn or scribbled record */
};

void result_init(struct result *r, int scenario);
void result_seal(struct result *r);
/* 0 if well formed; otherwise a reason in why. */
int result_check(struct result *r, char *why, size_t whylen);
void result_add_call(struct result *r, int who, int call, CK_RV rv, int has_state, CK_ULONG state);

/* Messages on the runner's result pipe (fd 3): a header, then len bytes. */
#define MSG_MAGIC 0x4d50464bu
enum { MSG_PROGRESS = 1, MSG_RESULT = 2 };
struct msg_header {
  uint32_t magic, type, len;
  uint32_t allowance_ms; /* progress: how long the next step may take */
  uint32_t phase;        /* progress: enum phase of the next step */
  uint32_t pad;
};
/* What a runner is doing, so that a runner that dies can be placed: dying in its own set-up
 * says nothing about fork; dying while or after its children ran may. */
enum phase { PHASE_START, PHASE_SETUP, PHASE_CHILDREN, PHASE_PARENT_CHECK, PHASE_COUNT };
extern const char *const phase_names[PHASE_COUNT];
#define RESULT_FD 3

/* ---- rvnames.c ------------------------------------------------------------------------- */
const char *rv_name(CK_RV rv); /* NULL when not a standard CKR_ value */
void rv_text(CK_RV rv, char *buf, size_t len); /* name, or 0x%lx */
const char *state_name(CK_ULONG state);
const char *signal_name(int sig);
/* Calls fn(name, ctx) for each known token flag set in flags, then unknown bits as 0x... */
void token_flag_names(CK_FLAGS flags, void (*fn)(const char *, void *), void *ctx);
void iface_flag_names(CK_FLAGS flags, void (*fn)(const char *, void *), void *ctx);

/* ---- sha256.c -------------------------------------------------------------------------- */
struct sha256 {
  uint32_t h[8];
  uint64_t bytes;
  uint8_t buf[64];
  size_t fill;
};
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[32]);
int sha256_file(const char *path, char hex[65]);

/* ---- json.c ---------------------------------------------------------------------------- */
struct json {
  char *buf;
  size_t len, cap;
  int depth;
  int need_comma[64];
  int after_key;
  int failed;
};
void j_init(struct json *j);
void j_free(struct json *j);
void j_obj(struct json *j);
void j_end_obj(struct json *j);
void j_arr(struct json *j);
void j_end_arr(struct json *j);
void j_key(struct json *j, const char *k);
void j_str(struct json *j, const char *s);
void j_strn(struct json *j, const char *s, size_t n); /* fixed field: stops at NUL */
void j_padded(struct json *j, const unsigned char *s, size_t n); /* trims trailing blanks */
void j_int(struct json *j, long long v);
void j_bool(struct json *j, int v);
void j_null(struct json *j);
void j_tri(struct json *j, int v); /* TRI_NULL -> null */
void j_rv(struct json *j, CK_RV rv); /* "rv": name|0x.., "value": n (inside an object) */
int j_write(struct json *j, int fd);

/* ---- module.c: loading, initialising, provenance --------------------------------------- */
struct module {
  void *handle;
  CK_FUNCTION_LIST *f;
  CK_C_INITIALIZE_ARGS args;
  char resolved[4096];
  char error[512];
};
/* Each returns 0, or -1 with m->error (and *rv when a PKCS#11 call failed). */
int module_load(struct module *m, const char *path, const char *init_args);
void *module_symbol(struct module *m, const char *name);
CK_RV module_initialize(struct module *m);
int find_slot(CK_FUNCTION_LIST *f, const char *label, CK_SLOT_ID *slot, CK_RV *rv, char *err,
              size_t errlen);

/* ---- session.c: login, keys, signing, the parent check (runner side) ------------------ */
enum key_kind { KEY_NONE, KEY_EC, KEY_RSA, KEY_HMAC };
extern const char *const key_kind_names[4];
struct key {
  int kind;
  CK_OBJECT_HANDLE priv; /* the signing key (or the HMAC secret) */
};
/* Makes a session signing key: EC P-256, then RSA 2048, then an HMAC secret. */
int key_make(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, int logged_in, int prefer, struct key *k);
/* Same kind as `like`, for a child or a thread; returns the rv of the generate call. */
CK_RV key_make_like(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, int logged_in, int kind,
                    struct key *k);
/* C_SignInit + C_Sign over a fixed 32-byte digest; *init_rv gets the C_SignInit rv. */
CK_RV key_sign(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const struct key *k, CK_RV *init_rv);

extern const CK_BYTE probe_digest[32];
CK_MECHANISM_TYPE key_sign_mechanism(int kind);

/* ---- kids.c: supervising processes with a bound and hang detection ------------------- */
struct kid {
  pid_t pid;
  int pidfd;                 /* -1 when pidfd_open is unavailable: we poll instead */
  struct timespec started;
  struct timespec deadline;  /* first bound */
  int checking;              /* 1: past the bound, watching CPU over a second short bound */
  struct timespec second;    /* end of the second bound */
  long cpu_mark;
  int rearms;                /* second bounds re-armed because it was runnable but starved */
  int end;                   /* enum kid_end */
  int code;                  /* exit status or signal */
  char blocked[80];
};
void kid_start(struct kid *k, pid_t pid, int bound_ms);
void kid_extend(struct kid *k, int ms); /* new deadline: now + ms (progress was seen) */
/* Non-blocking look: reaps it if it ended; past its deadline examines it and, when it is hung
 * or stuck, kills it with SIGKILL and reaps it. Returns 1 once it has ended. `group`: kill the
 * whole process group instead of just the process. */
int kid_check(struct kid *k, int second_ms, int group);
/* Sleep until one of the kids (or one of the extra fds) may have changed, at most max_ms. */
void kids_wait(struct kid *const *ks, int n, const int *fds, int nfds, int max_ms);
long ms_since(const struct timespec *t0);
long long us_since(const struct timespec *t0);
void kid_kill(struct kid *k, int group);

/* ---- scenarios.c (runner) / supervisor.c / verdicts.c / report.c ------------------------ */
int runner_main(const struct options *o);

struct provenance;
struct scen_out {
  int id;
  int status;          /* enum status */
  char detail[400];
  long duration_ms;
  int have_result;     /* r holds a checked record */
  struct result r;     /* for atfork-threads: the control variant */
  int have_reinit;
  struct result reinit; /* atfork-threads: the reinit variant */
  int reinit_status;
  char reinit_detail[400];
  int died_in_phase;   /* runner ended without a result: the phase it was in; else -1 */
  int reinit_died_in_phase;
  int control_status;
  char control_detail[400];
};

enum verdict { V_PASS, V_WARN, V_FAIL, V_NA, V_UNKNOWN };
extern const char *const verdict_names[5];
#define REC_COUNT 5
struct rec_out {
  const char *id;
  int verdict;
  char reason[400];
  int scen[SC_COUNT]; /* 1 = scenario cited */
};
void compute_verdicts(const struct options *o, const struct scen_out *sc, struct rec_out *recs);

struct run_state {
  const struct options *o;
  char module_sha256[65];
  int have_sha;
  char resolved[4096];
  int have_info;
  CK_INFO info;
  int have_token;
  CK_SLOT_ID slot;
  CK_TOKEN_INFO token;
  char date[32];
  struct scen_out sc[SC_COUNT];
  int ran;
  struct rec_out recs[REC_COUNT];
  /* set-up error */
  int error;
  const char *err_stage;
  char err_message[600];
  int err_has_rv;
  CK_RV err_rv;
};
int supervise_scenarios(struct run_state *st, const char *pin, size_t pinlen);
void report_write(struct run_state *st, int fd);
void probe_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Seconds-resolution helpers shared by several files. */
void ts_add_ms(struct timespec *t, long ms);
int ts_before(const struct timespec *a, const struct timespec *b);

#endif
