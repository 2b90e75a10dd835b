/* p11ex.c - shared helpers for the fork-pattern examples (see p11ex.h).
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include "p11ex.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- errors and return-code names ------------------------------------------------------- */

static const struct {
  CK_RV rv;
  const char *name;
} rv_names[] = {
    {CKR_OK, "CKR_OK"},
    {CKR_CANCEL, "CKR_CANCEL"},
    {CKR_HOST_MEMORY, "CKR_HOST_MEMORY"},
    {CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID"},
    {CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR"},
    {CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED"},
    {CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD"},
    {CKR_CANT_LOCK, "CKR_CANT_LOCK"},
    {CKR_NO_EVENT, "CKR_NO_EVENT"},
    {CKR_MUTEX_BAD, "CKR_MUTEX_BAD"},
    {CKR_MUTEX_NOT_LOCKED, "CKR_MUTEX_NOT_LOCKED"},
    {CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID"},
    {CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR"},
    {CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED"},
    {CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED"},
    {CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID"},
    {CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID"},
    {CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID"},
    {CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE"},
    {CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED"},
    {CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"},
    {CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED"},
    {CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID"},
    {CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID"},
    {CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE"},
    {CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"},
    {CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED"},
    {CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"},
    {CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"},
    {CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID"},
    {CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL"},
    {CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED"},
    {CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED"},
};

const char *p11ex_rv_name(CK_RV rv) {
  for (size_t i = 0; i < sizeof rv_names / sizeof rv_names[0]; i++)
    if (rv_names[i].rv == rv) return rv_names[i].name;
  return "CKR_(other)";
}

/* The call that failed last in this thread, so that a caller of a helper can say which one. */
static __thread const char *failed_call = "";

void p11ex_die(const char *what, CK_RV rv) {
  fprintf(stderr, "%s: %s (0x%lx)\n", what, p11ex_rv_name(rv), (unsigned long)rv);
  exit(2);
}

/* ---- command line ------------------------------------------------------------------------ */

/* The key type every helper below works with, set once by p11ex_parse_args (before any thread). */
static enum p11ex_key_type signing_key = P11EX_KEY_EC;

static void usage(const char *pattern, int code) {
  fprintf(code ? stderr : stdout,
          "usage: %s --module PATH --token LABEL [options]\n"
          "  --module PATH       PKCS#11 module to dlopen\n"
          "  --init-args STRING  string for CK_C_INITIALIZE_ARGS.pReserved (NSS softoken)\n"
          "  --token LABEL       token label\n"
          "  --key LABEL         label of the key pair (default: $P11EX_KEY_LABEL, else forkkey)\n"
          "  --key-type ec|rsa   ECDSA P-256 or RSA-2048 PKCS#1 v1.5 (default: $P11EX_KEY_TYPE,\n"
          "                      else ec)\n"
          "  --pin-env NAME      environment variable holding the user PIN (default: P11EX_PIN)\n"
          "  --forks N           number of forks (default: 10; atfork-reinit: 100)\n"
          "  --threads N         busy worker threads where the pattern has them (default: 2)\n"
          "  --bound-ms N        a child still running after N ms is examined (default: 5000)\n"
          "  --mode NAME         pattern variant\n"
          "  --device-interval-ms N  busy workers call the device (random, token info, sign)\n"
          "                      at most once per N ms each (default: $P11EX_DEVICE_INTERVAL_MS,\n"
          "                      else 0: without pause)\n"
          "example: P11EX_PIN=1234 SOFTHSM2_CONF=... %s \\\n"
          "  --module /usr/lib/$(gcc -print-multiarch)/softhsm/libsofthsm2.so --token forktest\n",
          pattern, pattern);
  exit(code);
}

void p11ex_parse_args(int argc, char **argv, const char *pattern, struct p11ex_opts *o) {
  static const struct option longopts[] = {
      {"module", required_argument, NULL, 'm'},  {"init-args", required_argument, NULL, 'i'},
      {"token", required_argument, NULL, 't'},   {"key", required_argument, NULL, 'k'},
      {"pin-env", required_argument, NULL, 'p'}, {"forks", required_argument, NULL, 'n'},
      {"threads", required_argument, NULL, 'T'}, {"bound-ms", required_argument, NULL, 'b'},
      {"mode", required_argument, NULL, 'M'},    {"exec-child", no_argument, NULL, 'x'},
      {"key-type", required_argument, NULL, 'K'},
      {"device-interval-ms", required_argument, NULL, 'D'},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
  memset(o, 0, sizeof *o);
  o->pattern = pattern;
  /* A module configuration whose token holds an RSA key under its own label (OpenSC's CAC card)
   * says so in the environment, so every run of it signs with that key. */
  o->key_label = getenv("P11EX_KEY_LABEL") ? getenv("P11EX_KEY_LABEL") : "forkkey";
  const char *key_type = getenv("P11EX_KEY_TYPE") ? getenv("P11EX_KEY_TYPE") : "ec";
  o->pin_env = "P11EX_PIN";
  o->mode = "";
  o->self = argv[0];
  /* The anti-pattern measures a rate, which needs a sample: 100 forks unless told otherwise. */
  o->forks = strcmp(pattern, "atfork-reinit") == 0 ? 100 : 10;
  o->threads = 2;
  o->bound_ms = 5000;
  /* A configuration whose token is one device that other processes share through a daemon
   * that polls for it (pcsc-lite's card lock) says how often its busy workers may use it. */
  o->device_interval_ms =
      getenv("P11EX_DEVICE_INTERVAL_MS") ? atoi(getenv("P11EX_DEVICE_INTERVAL_MS")) : 0;
  int c;
  while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (c) {
    case 'm': o->module = optarg; break;
    case 'i': o->init_args = optarg; break;
    case 't': o->token = optarg; break;
    case 'k': o->key_label = optarg; break;
    case 'K': key_type = optarg; break;
    case 'p': o->pin_env = optarg; break;
    case 'n': o->forks = atoi(optarg); break;
    case 'T': o->threads = atoi(optarg); break;
    case 'b': o->bound_ms = atoi(optarg); break;
    case 'M': o->mode = optarg; break;
    case 'x': o->exec_child = 1; break;
    case 'D': o->device_interval_ms = atoi(optarg); break;
    case 'h': usage(pattern, 0); break;
    default: usage(pattern, 2);
    }
  }
  if (strcmp(key_type, "ec") == 0) o->key_type = P11EX_KEY_EC;
  else if (strcmp(key_type, "rsa") == 0) o->key_type = P11EX_KEY_RSA;
  else {
    fprintf(stderr, "%s: --key-type (or $P11EX_KEY_TYPE) must be ec or rsa, not %s\n", pattern,
            key_type);
    exit(2);
  }
  signing_key = o->key_type;
  if (!o->module || !o->token || o->forks < 1 || o->threads < 0 || o->bound_ms < 100 ||
      o->device_interval_ms < 0 || optind != argc)
    usage(pattern, 2);
}

/* ---- loading and initialising ------------------------------------------------------------ */

int p11ex_load(const struct p11ex_opts *o, struct p11ex_module *m) {
  memset(m, 0, sizeof *m);
  const char *pin = getenv(o->pin_env);
  if (!pin || strlen(pin) >= sizeof m->pin) {
    fprintf(stderr, "%s: set the user PIN in $%s\n", o->pattern, o->pin_env);
    return -1;
  }
  strcpy(m->pin, pin);
  m->handle = dlopen(o->module, RTLD_NOW | RTLD_LOCAL);
  if (!m->handle) {
    fprintf(stderr, "%s: dlopen: %s\n", o->pattern, dlerror());
    return -1;
  }
  CK_C_GetFunctionList get_list = (CK_C_GetFunctionList)dlsym(m->handle, "C_GetFunctionList");
  if (!get_list) {
    fprintf(stderr, "%s: %s exports no C_GetFunctionList\n", o->pattern, o->module);
    return -1;
  }
  CK_RV rv = get_list(&m->f);
  if (rv != CKR_OK) {
    fprintf(stderr, "%s: C_GetFunctionList: %s\n", o->pattern, p11ex_rv_name(rv));
    return -1;
  }
  /* Let the module use its own (OS) locking; NSS softoken reads its configuration from
   * pReserved (it calls the field LibraryParameters). */
  m->init_args.flags = CKF_OS_LOCKING_OK;
  m->init_args.pReserved = (void *)o->init_args;
  return 0;
}

CK_RV p11ex_initialize(struct p11ex_module *m) { return m->f->C_Initialize(&m->init_args); }

CK_RV p11ex_find_slot(CK_FUNCTION_LIST *f, const char *label, CK_SLOT_ID *slot) {
  CK_SLOT_ID slots[64];
  CK_ULONG n = 64;
  CK_RV rv = f->C_GetSlotList(CK_TRUE, slots, &n);
  if (rv != CKR_OK) return failed_call = "C_GetSlotList", rv;
  for (CK_ULONG i = 0; i < n; i++) {
    CK_TOKEN_INFO ti;
    rv = f->C_GetTokenInfo(slots[i], &ti);
    if (rv != CKR_OK) return failed_call = "C_GetTokenInfo", rv;
    size_t len = strlen(label);
    if (len > sizeof ti.label) continue;
    /* Token labels are blank-padded, not NUL-terminated. */
    int match = memcmp(ti.label, label, len) == 0;
    for (size_t j = len; match && j < sizeof ti.label; j++) match = ti.label[j] == ' ';
    if (match) {
      *slot = slots[i];
      return CKR_OK;
    }
  }
  failed_call = "find token";
  return CKR_TOKEN_NOT_PRESENT;
}

CK_RV p11ex_open_login(CK_FUNCTION_LIST *f, CK_SLOT_ID slot, const char *pin,
                       CK_SESSION_HANDLE *s) {
  CK_RV rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, s);
  if (rv != CKR_OK) return failed_call = "C_OpenSession", rv;
  rv = f->C_Login(*s, CKU_USER, (CK_UTF8CHAR *)pin, strlen(pin));
  /* Login state is per application: another session of ours may have logged in already. */
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) return failed_call = "C_Login", rv;
  return CKR_OK;
}

CK_RV p11ex_find_key(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const char *label,
                     CK_OBJECT_CLASS cls, CK_OBJECT_HANDLE *h) {
  CK_KEY_TYPE kt = signing_key == P11EX_KEY_RSA ? CKK_RSA : CKK_EC;
  CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls},
                         {CKA_KEY_TYPE, &kt, sizeof kt},
                         {CKA_LABEL, (void *)label, strlen(label)}};
  CK_ULONG found = 0;
  CK_RV rv = f->C_FindObjectsInit(s, tmpl, 3);
  if (rv != CKR_OK) return failed_call = "C_FindObjectsInit", rv;
  rv = f->C_FindObjects(s, h, 1, &found);
  CK_RV rv2 = f->C_FindObjectsFinal(s);
  if (rv != CKR_OK) return failed_call = "C_FindObjects", rv;
  if (rv2 != CKR_OK) return failed_call = "C_FindObjectsFinal", rv2;
  if (found != 1) return failed_call = "find key", CKR_KEY_HANDLE_INVALID;
  return CKR_OK;
}

CK_RV p11ex_open_session(CK_FUNCTION_LIST *f, const struct p11ex_opts *o, const char *pin,
                         struct p11ex_session *out) {
  CK_SLOT_ID slot;
  CK_RV rv = p11ex_find_slot(f, o->token, &slot);
  if (rv == CKR_OK) rv = p11ex_open_login(f, slot, pin, &out->session);
  if (rv == CKR_OK) rv = p11ex_find_key(f, out->session, o->key_label, CKO_PRIVATE_KEY, &out->priv);
  if (rv == CKR_OK) rv = p11ex_find_key(f, out->session, o->key_label, CKO_PUBLIC_KEY, &out->pub);
  return rv;
}

/* Sign 32 bytes with CKM_ECDSA (a P-256 signature is 64 bytes) or CKM_SHA256_RSA_PKCS (PKCS #1
 * v1.5 over SHA-256; 256 bytes for RSA-2048), verify the signature, and check that a corrupted
 * signature is rejected (so that a verify that always says yes cannot pass). */
CK_RV p11ex_sign_verify(CK_FUNCTION_LIST *f, const struct p11ex_session *s, unsigned salt) {
  int rsa = signing_key == P11EX_KEY_RSA;
  CK_MECHANISM mech = {rsa ? CKM_SHA256_RSA_PKCS : CKM_ECDSA, NULL, 0};
  CK_ULONG expected_len = rsa ? 256 : 64;
  CK_BYTE digest[32], sig[512];
  CK_ULONG sig_len = sizeof sig;
  for (unsigned i = 0; i < sizeof digest; i++) digest[i] = (CK_BYTE)(salt * 31u + i * 7u + 1u);
  CK_RV rv = f->C_SignInit(s->session, &mech, s->priv);
  if (rv != CKR_OK) return failed_call = "C_SignInit", rv;
  rv = f->C_Sign(s->session, digest, sizeof digest, sig, &sig_len);
  if (rv != CKR_OK) return failed_call = "C_Sign", rv;
  if (sig_len != expected_len) return failed_call = "C_Sign (length)", CKR_SIGNATURE_LEN_RANGE;
  rv = f->C_VerifyInit(s->session, &mech, s->pub);
  if (rv != CKR_OK) return failed_call = "C_VerifyInit", rv;
  rv = f->C_Verify(s->session, digest, sizeof digest, sig, sig_len);
  if (rv != CKR_OK) return failed_call = "C_Verify", rv;
  sig[5] ^= 0x40;
  rv = f->C_VerifyInit(s->session, &mech, s->pub);
  if (rv != CKR_OK) return failed_call = "C_VerifyInit", rv;
  rv = f->C_Verify(s->session, digest, sizeof digest, sig, sig_len);
  if (rv != CKR_SIGNATURE_INVALID)
    return failed_call = "C_Verify (corrupted)", rv == CKR_OK ? CKR_GENERAL_ERROR : rv;
  return CKR_OK;
}

/* A whole, fresh application: what an exec'd program or a fork-server worker does. */
int p11ex_app_once(const struct p11ex_opts *o, struct p11ex_module *m, int notes_fd) {
  CK_RV rv = p11ex_initialize(m);
  p11ex_note(notes_fd, "C_Initialize", rv);
  if (rv != CKR_OK) return 1;
  struct p11ex_session s;
  rv = p11ex_open_session(m->f, o, m->pin, &s);
  if (rv == CKR_OK) rv = p11ex_sign_verify(m->f, &s, (unsigned)getpid());
  p11ex_note(notes_fd, rv == CKR_OK ? "sign+verify" : failed_call, rv);
  CK_RV frv = m->f->C_Finalize(NULL);
  p11ex_note(notes_fd, "C_Finalize", frv);
  return rv == CKR_OK && frv == CKR_OK ? 0 : 1;
}

/* ---- threads, notes, children ------------------------------------------------------------ */

/* Async-signal-safe: open(2), read(2), close(2) only, so a child may call it too. */
int p11ex_thread_count(void) {
  char buf[4096];
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  const char *p = strstr(buf, "\nThreads:");
  if (!p) return -1;
  p += 9;
  while (*p == ' ' || *p == '\t') p++;
  int threads = 0;
  while (*p >= '0' && *p <= '9') threads = threads * 10 + (*p++ - '0');
  return threads;
}

void p11ex_rcs_add(struct p11ex_rcs *r, const char *call, CK_RV rv, long count) {
  for (int i = 0; i < r->n; i++)
    if (r->e[i].rv == rv && strcmp(r->e[i].call, call) == 0) {
      r->e[i].count += count;
      return;
    }
  if (r->n == P11EX_MAX_RCS) return;
  snprintf(r->e[r->n].call, sizeof r->e[r->n].call, "%s", call);
  r->e[r->n].rv = rv;
  r->e[r->n].count = count;
  r->n++;
}

/* Async-signal-safe: one write(2) of a fixed-size record. */
void p11ex_note(int fd, const char *call, CK_RV rv) {
  if (fd < 0) return;
  struct p11ex_note note;
  memset(&note, 0, sizeof note);
  for (size_t i = 0; call[i] && i < sizeof note.call - 1; i++) note.call[i] = call[i];
  note.rv = rv;
  ssize_t w = write(fd, &note, sizeof note);
  (void)w;
}

int p11ex_track_child(struct p11ex_child *c, pid_t pid, int notes_rfd) {
  memset(c, 0, sizeof *c);
  c->pid = pid;
  c->notes_fd = notes_rfd;
  clock_gettime(CLOCK_MONOTONIC, &c->started);
  /* A pidfd lets us wait for the child with a timeout, without polling. */
  c->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (c->pidfd < 0) {
    perror("pidfd_open");
    return -1;
  }
  if (notes_rfd >= 0) fcntl(notes_rfd, F_SETFL, O_NONBLOCK);
  return 0;
}

static long elapsed_ms(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

double p11ex_seconds_since(const struct timespec *t0) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int reap(struct p11ex_child *c, int killed_by_us) {
  int status;
  pid_t r;
  while ((r = waitpid(c->pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (r != c->pid) return -1;
  if (killed_by_us) return 0;
  if (WIFEXITED(status)) {
    c->status = WEXITSTATUS(status);
    c->end = c->status == 0 ? P11EX_CHILD_OK : P11EX_CHILD_FAILED;
  } else {
    c->status = WTERMSIG(status);
    c->end = P11EX_CHILD_CRASHED;
  }
  return 0;
}

static int wait_exit(struct p11ex_child *c, long ms) {
  struct pollfd pfd = {c->pidfd, POLLIN, 0};
  if (ms < 0) ms = 0;
  int r;
  while ((r = poll(&pfd, 1, (int)ms)) < 0 && errno == EINTR) {
  }
  return r > 0;
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

static long cpu_ticks(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (read_small(path, buf, sizeof buf) <= 0) return -1;
  const char *p = strrchr(buf, ')'); /* the command name may contain blanks */
  if (!p) return -1;
  unsigned long utime = 0, stime = 0;
  /* fields after ")": state(3) ... utime(14) stime(15) */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return -1;
  return (long)(utime + stime);
}

/* Kernel wait points of a process blocked on a socket or in poll/select: where a module that
 * talks to a daemon (p11-kit's remoting, a token daemon) waits for an answer that never comes.
 * A pipe is not among them: nothing in a module waits on one, and a child blocked there is
 * stuck, not hung. */
static const char *const io_wchans[] = {"poll", "select", "unix_stream", "sk_wait", "skb_wait"};
static const long poll_syscalls[] = {SYS_poll, SYS_ppoll, SYS_select, SYS_pselect6,
                                     SYS_epoll_wait, SYS_epoll_pwait};
static const long read_syscalls[] = {SYS_read, SYS_recvfrom, SYS_recvmsg};

/* Is the descriptor `fd` of process `pid` a socket? */
static int is_socket(pid_t pid, long fd) {
  char path[64], target[64];
  snprintf(path, sizeof path, "/proc/%d/fd/%ld", (int)pid, fd);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = 0;
  return strncmp(target, "socket:", 7) == 0;
}

/* Is the syscall line of /proc/<pid>/syscall a wait on a socket (a read-like call on a socket
 * descriptor, or poll/select)? */
static int socket_wait(pid_t pid, const char *line) {
  char *end;
  long nr = strtol(line, &end, 10);
  for (size_t i = 0; i < sizeof poll_syscalls / sizeof *poll_syscalls; i++)
    if (nr == poll_syscalls[i]) return 1;
  for (size_t i = 0; i < sizeof read_syscalls / sizeof *read_syscalls; i++)
    if (nr == read_syscalls[i]) return is_socket(pid, strtol(end, NULL, 16));
  return 0;
}

/* Is the child blocked in a futex wait, or on a socket or poll wait (wchan, stack or current
 * syscall), making no progress? c->blocked_in says where, c->blocked_io which kind. */
static int blocked_waiting(struct p11ex_child *c) {
  char path[64], buf[4096];
  int futex = 0, io = 0;
  snprintf(path, sizeof path, "/proc/%d/wchan", (int)c->pid);
  if (read_small(path, buf, sizeof buf) > 0) {
    futex = strstr(buf, "futex") != NULL;
    for (size_t i = 0; !futex && !io && i < sizeof io_wchans / sizeof *io_wchans; i++)
      io = strstr(buf, io_wchans[i]) != NULL;
    if (futex || io) snprintf(c->blocked_in, sizeof c->blocked_in, "wchan %.40s", buf);
  }
  snprintf(path, sizeof path, "/proc/%d/stack", (int)c->pid);
  if (!futex && !io && read_small(path, buf, sizeof buf) > 0 && strstr(buf, "futex")) {
    futex = 1;
    snprintf(c->blocked_in, sizeof c->blocked_in, "stack futex");
  }
  snprintf(path, sizeof path, "/proc/%d/syscall", (int)c->pid);
  if (!futex && !io && read_small(path, buf, sizeof buf) > 0 && buf[0] >= '0' && buf[0] <= '9') {
    futex = atol(buf) == SYS_futex;
    io = !futex && socket_wait(c->pid, buf);
    if (futex || io) snprintf(c->blocked_in, sizeof c->blocked_in, "syscall %ld", atol(buf));
  }
  if (!futex && !io) return 0;
  /* No CPU progress over a short interval: blocked, not merely slow. */
  long before = cpu_ticks(c->pid);
  if (wait_exit(c, 50)) return 0;
  long after = cpu_ticks(c->pid);
  c->blocked_io = io;
  return before >= 0 && before == after;
}

/* Wait up to wait_ms for the child. Returns 1 once it has ended (c->end says how), 0 while it
 * is still running and younger than bound_ms; past the bound it is examined and ended. */
int p11ex_wait_child(struct p11ex_child *c, int wait_ms, int bound_ms) {
  long left = bound_ms - elapsed_ms(&c->started);
  if (wait_exit(c, wait_ms < left ? wait_ms : left)) return reap(c, 0) == 0;
  if (elapsed_ms(&c->started) < bound_ms) return 0;
  /* Past the bound. A hang is a child blocked in a futex, socket or poll wait; anything else
   * gets a second bound before it counts as stuck, so that a slow machine never reads as a
   * hazard. */
  if (!blocked_waiting(c)) {
    if (wait_exit(c, bound_ms)) return reap(c, 0) == 0;
    if (!blocked_waiting(c)) {
      c->end = P11EX_CHILD_STUCK;
      if (wait_exit(c, 0)) return reap(c, 0) == 0;
      kill(c->pid, SIGKILL);
      return reap(c, 1) == 0;
    }
  }
  if (wait_exit(c, 0)) return reap(c, 0) == 0;
  c->end = P11EX_CHILD_HUNG;
  kill(c->pid, SIGKILL);
  return reap(c, 1) == 0;
}

void p11ex_await_child(struct p11ex_child *c, int bound_ms) {
  while (!p11ex_wait_child(c, bound_ms, bound_ms)) {
  }
}

void p11ex_parent_close(CK_FUNCTION_LIST *f, const struct p11ex_session *s) {
  CK_RV rv = f->C_CloseSession(s->session);
  if (rv == CKR_OK) rv = f->C_Finalize(NULL);
  if (rv != CKR_OK) p11ex_die("parent clean-up", rv);
}

/* One record of a child's note pipe: the observer's note counts the load, any other is a
 * return code. */
static void count_note(struct p11ex_tally *t, struct p11ex_child *c, struct p11ex_note *n) {
  n->call[sizeof n->call - 1] = 0;
  if (strncmp(n->call, P11EX_NOTE_INSIDE, sizeof n->call - 1) == 0) {
    t->forks_observed++;
    t->forks_inside += n->rv == 1;
    c->fork_noted = 1;
    return;
  }
  p11ex_rcs_add(&t->rcs, n->call, n->rv, 1);
  c->notes_seen++;
}

void p11ex_take_fork_note(struct p11ex_tally *t, struct p11ex_child *c) {
  struct p11ex_note n;
  if (c->fork_noted || c->notes_fd < 0) return;
  /* The pipe is non-blocking (p11ex_track_child): nothing there yet is left for p11ex_collect. */
  if (read(c->notes_fd, &n, sizeof n) == (ssize_t)sizeof n) count_note(t, c, &n);
}

void p11ex_collect(struct p11ex_tally *t, struct p11ex_child *c) {
  switch (c->end) {
  case P11EX_CHILD_OK: t->clean++; break;
  case P11EX_CHILD_FAILED: t->failed++; break;
  case P11EX_CHILD_CRASHED: t->crashes++; break;
  case P11EX_CHILD_HUNG: t->hangs++; break;
  case P11EX_CHILD_STUCK: t->stuck++; break;
  }
  if (c->end == P11EX_CHILD_CRASHED) {
    char sig[32];
    snprintf(sig, sizeof sig, "signal %d", c->status);
    p11ex_rcs_add(&t->rcs, sig, CKR_GENERAL_ERROR, 1);
    if (c->status > 0 && c->status < 65) t->crash_signals[c->status]++;
  }
  if (c->end == P11EX_CHILD_HUNG && c->blocked_io) t->hangs_io++;
  if (c->notes_fd >= 0) {
    struct p11ex_note n;
    while (read(c->notes_fd, &n, sizeof n) == (ssize_t)sizeof n) count_note(t, c, &n);
    close(c->notes_fd);
    c->notes_fd = -1;
  }
  close(c->pidfd);
  t->iterations++;
}

void p11ex_threads_seen(struct p11ex_tally *t, int threads) {
  if (t->threads_min == 0 || threads < t->threads_min) t->threads_min = threads;
  if (threads > t->threads_max) t->threads_max = threads;
}

int p11ex_parent_check(struct p11ex_tally *t, CK_FUNCTION_LIST *f, const struct p11ex_session *s) {
  CK_RV rv = p11ex_sign_verify(f, s, (unsigned)t->parent_checks);
  t->parent_checks++;
  if (rv != CKR_OK) {
    char call[40];
    snprintf(call, sizeof call, "parent %s", failed_call);
    p11ex_rcs_add(&t->rcs, call, rv, 1);
    t->parent_failures++;
    return -1;
  }
  return 0;
}

/* ---- worker threads that keep the parent busy inside the module -------------------------- */

/* How many worker threads are inside the module right now. Each worker raises it just before a
 * PKCS#11 operation and lowers it just after; a child reads its own copy, which is exactly the
 * state it inherited at the moment of fork. */
static atomic_int workers_inside;
/* Where the child's fork observer writes its note; set by the parent before each fork. */
static volatile int observer_fd = -1;

/* Runs first in every child (registered before any other handler; POSIX runs child handlers
 * in registration order). Only async-signal-safe work: an atomic load and one write(2). */
static void observe_fork_in_child(void) {
  p11ex_note(observer_fd, P11EX_NOTE_INSIDE, atomic_load(&workers_inside) > 0 ? 1 : 0);
}

int p11ex_observe_forks(void) { return pthread_atfork(NULL, NULL, observe_fork_in_child); }

void p11ex_observe_next_fork(int notes_fd) { observer_fd = notes_fd; }

struct worker {
  pthread_t tid;
  struct p11ex_workers *pool;
  struct p11ex_session s; /* opened by p11ex_workers_start; unusable when open_rv is not CKR_OK */
  CK_RV open_rv;
  long ops, device_rounds, calls, errors;
  CK_RV last_error;
  const char *last_call;
};

struct p11ex_workers {
  CK_FUNCTION_LIST *f;
  const struct p11ex_opts *o;
  const char *pin;
  atomic_int stop;
  atomic_int ready;
  int n;
  int token_info;
  CK_SLOT_ID slot;
  /* Guards each worker's error fields: the forking thread takes them while the workers run. */
  pthread_mutex_t errors_lock;
  struct worker w[16];
};

static void worker_failed(struct worker *w, CK_RV rv, const char *call) {
  pthread_mutex_lock(&w->pool->errors_lock);
  w->errors++, w->last_error = rv, w->last_call = call;
  pthread_mutex_unlock(&w->pool->errors_lock);
}

/* One operation inside the module, with the inside-count raised around it. */
#define WORKER_OPERATION(w, n_calls, expr)                                                         \
  (atomic_fetch_add(&workers_inside, 1), rv = (expr), atomic_fetch_sub(&workers_inside, 1),        \
   (w)->calls += (n_calls), rv)

/* The load of a busy server: no pause between calls, a mix of cheap calls (C_GenerateRandom),
 * calls that create and destroy operation state (C_DigestInit + C_Digest) and an expensive
 * one (C_SignInit + C_Sign of the digest); in the hazard runs also a session opened and closed
 * per round (a session per request) and C_GetTokenInfo. The session and token calls take the
 * module-wide locks a child needs first: without them SoftHSM2's children hung about five times
 * less often under the same harness. The parent's own checks verify signatures.
 * On a device that other processes share (a smart card behind pcscd), workers that take it back
 * to back starve every other process: pcsc-lite grants the card to a waiting process only when
 * its poll, one every 100 ms, finds it free (pcsc-lite 1.9.9, src/winscard_clnt.c,
 * SCardBeginTransaction; src/winscard.c, SCardConnect). There the device calls are paced
 * (device_interval_ms) and the rest of each round, answered by the module alone, goes on
 * without pause: the workers stay inside the module, holding its own locks, at nearly every
 * fork. */
static void *worker_main(void *arg) {
  struct worker *w = arg;
  struct p11ex_workers *p = w->pool;
  const struct p11ex_session s = w->s;
  CK_RV rv;
  atomic_fetch_add(&p->ready, 1);
  if (w->open_rv != CKR_OK) return NULL;
  CK_MECHANISM sha256 = {CKM_SHA256, NULL, 0};
  CK_MECHANISM sign = {signing_key == P11EX_KEY_RSA ? CKM_SHA256_RSA_PKCS : CKM_ECDSA, NULL, 0};
  const long interval_ms = p->o->device_interval_ms;
  struct timespec device_due;
  clock_gettime(CLOCK_MONOTONIC, &device_due);
  while (!atomic_load(&p->stop)) {
    CK_BYTE buf[32], out[32], sig[512];
    CK_TOKEN_INFO token;
    CK_SESSION_HANDLE extra;
    CK_ULONG out_len = sizeof out, sig_len = sizeof sig;
    /* Without an interval every round calls the device; with one, a round does when due. */
    int device = interval_ms == 0 || p11ex_seconds_since(&device_due) >= 0;
    if (device && interval_ms > 0) {
      device_due.tv_sec += interval_ms / 1000;
      device_due.tv_nsec += (interval_ms % 1000) * 1000000L;
      if (device_due.tv_nsec >= 1000000000L) device_due.tv_sec++, device_due.tv_nsec -= 1000000000L;
      if (p11ex_seconds_since(&device_due) > 0) clock_gettime(CLOCK_MONOTONIC, &device_due);
    }
    rv = CKR_OK;
    if (device &&
        WORKER_OPERATION(w, 1, p->f->C_GenerateRandom(s.session, buf, sizeof buf)) != CKR_OK)
      failed_call = "C_GenerateRandom";
    else if (device && p->token_info &&
             WORKER_OPERATION(w, 1, p->f->C_GetTokenInfo(p->slot, &token)) != CKR_OK)
      failed_call = "C_GetTokenInfo";
    else if (p->token_info &&
             WORKER_OPERATION(w, 1, p->f->C_OpenSession(p->slot, CKF_SERIAL_SESSION, NULL, NULL,
                                                        &extra)) != CKR_OK)
      failed_call = "C_OpenSession";
    else if (p->token_info && WORKER_OPERATION(w, 1, p->f->C_CloseSession(extra)) != CKR_OK)
      failed_call = "C_CloseSession";
    else if (WORKER_OPERATION(w, 1, p->f->C_DigestInit(s.session, &sha256)) != CKR_OK)
      failed_call = "C_DigestInit";
    else if (WORKER_OPERATION(w, 1, p->f->C_Digest(s.session, buf, sizeof buf, out, &out_len)) !=
             CKR_OK)
      failed_call = "C_Digest";
    else if (device && WORKER_OPERATION(w, 1, p->f->C_SignInit(s.session, &sign, s.priv)) != CKR_OK)
      failed_call = "C_SignInit";
    else if (device && WORKER_OPERATION(w, 1, p->f->C_Sign(s.session, out, sizeof out, sig,
                                                           &sig_len)) != CKR_OK)
      failed_call = "C_Sign";
    if (rv != CKR_OK) worker_failed(w, rv, failed_call);
    w->ops++;
    w->device_rounds += device;
  }
  rv = p->f->C_CloseSession(s.session);
  if (rv != CKR_OK) worker_failed(w, rv, "C_CloseSession");
  return NULL;
}

struct p11ex_workers *p11ex_workers_start(CK_FUNCTION_LIST *f, const struct p11ex_opts *o,
                                          const char *pin, int n, int token_info) {
  struct p11ex_workers *p = calloc(1, sizeof *p);
  if (!p || n > 16) return NULL;
  p->f = f, p->o = o, p->pin = pin, p->n = n, p->token_info = token_info;
  if (pthread_mutex_init(&p->errors_lock, NULL) != 0) return NULL;
  if (token_info && p11ex_find_slot(f, o->token, &p->slot) != CKR_OK) return NULL;
  /* The sessions are opened here, one at a time, before any worker runs: the runs observe
   * forks while workers call the module, not the set-up. Opened by the workers at once,
   * tpm2-pkcs11 now and then failed one worker's key search (C_FindObjects:
   * CKR_OPERATION_NOT_INITIALIZED) before the first fork. A session that does not open is a
   * worker error before any fork, which fails a hazard run. */
  for (int i = 0; i < n; i++) {
    p->w[i].pool = p;
    p->w[i].open_rv = p11ex_open_session(f, o, pin, &p->w[i].s);
    if (p->w[i].open_rv != CKR_OK) worker_failed(&p->w[i], p->w[i].open_rv, failed_call);
  }
  for (int i = 0; i < n; i++) {
    if (pthread_create(&p->w[i].tid, NULL, worker_main, &p->w[i]) != 0) return NULL;
  }
  /* Wait until every worker is inside its loop (a busy wait on a flag, bounded by the
   * harness's timeout), so that the first fork already happens with them running. */
  while (atomic_load(&p->ready) < n) sched_yield();
  return p;
}

long p11ex_workers_take_errors(struct p11ex_workers *p, struct p11ex_tally *t) {
  long taken = 0;
  pthread_mutex_lock(&p->errors_lock);
  for (int i = 0; i < p->n; i++) {
    struct worker *w = &p->w[i];
    if (!w->errors) continue;
    char call[32];
    snprintf(call, sizeof call, "worker %s", w->last_call);
    p11ex_rcs_add(&t->rcs, call, w->last_error, w->errors);
    taken += w->errors;
    w->errors = 0;
  }
  pthread_mutex_unlock(&p->errors_lock);
  t->worker_errors += taken;
  return taken;
}

int p11ex_workers_stop(struct p11ex_workers *p, struct p11ex_tally *t) {
  long ops = 0, device_rounds = 0;
  atomic_store(&p->stop, 1);
  for (int i = 0; i < p->n; i++) {
    if (pthread_join(p->w[i].tid, NULL) != 0) return -1;
    ops += p->w[i].ops;
    device_rounds += p->w[i].device_rounds;
    t->worker_calls += p->w[i].calls;
  }
  long errors = p11ex_workers_take_errors(p, t);
  snprintf(t->note + strlen(t->note), sizeof t->note - strlen(t->note), "%sworker ops %ld",
           t->note[0] ? "; " : "", ops);
  if (p->o->device_interval_ms > 0)
    snprintf(t->note + strlen(t->note), sizeof t->note - strlen(t->note),
             " (%ld with device calls, at most one per %d ms per worker)", device_rounds,
             p->o->device_interval_ms);
  pthread_mutex_destroy(&p->errors_lock);
  free(p);
  return errors ? -1 : 0;
}

/* ---- the parent's own bound --------------------------------------------------------------- */

static void parent_blocked(int sig) {
  (void)sig;
  static const char line[] = "\nP11EX-PARENT-BLOCKED\n";
  ssize_t w = write(STDOUT_FILENO, line, sizeof line - 1);
  (void)w;
  _exit(3);
}

void p11ex_parent_bound(int seconds) {
  static int installed;
  if (!installed) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = parent_blocked;
    sigaction(SIGALRM, &sa, NULL);
    installed = 1;
  }
  alarm((unsigned)seconds);
}

/* ---- reporting --------------------------------------------------------------------------- */

static void json_string(const char *s) {
  putchar('"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

static void trimmed(char *dst, const CK_UTF8CHAR *src, size_t n) {
  memcpy(dst, src, n);
  dst[n] = 0;
  while (n > 0 && dst[n - 1] == ' ') dst[--n] = 0;
}

/* One line the harness reads: P11EX-INFO {"manufacturer":..., "library":..., "version":...} */
void p11ex_print_info(CK_FUNCTION_LIST *f) {
  CK_INFO info;
  CK_RV rv = f->C_GetInfo(&info);
  if (rv != CKR_OK) p11ex_die("C_GetInfo", rv);
  char manufacturer[33], library[33], version[16];
  trimmed(manufacturer, info.manufacturerID, 32);
  trimmed(library, info.libraryDescription, 32);
  snprintf(version, sizeof version, "%u.%u", info.libraryVersion.major,
           info.libraryVersion.minor);
  printf("P11EX-INFO {\"manufacturer\":");
  json_string(manufacturer);
  printf(",\"library\":");
  json_string(library);
  printf(",\"libraryVersion\":");
  json_string(version);
  printf(",\"cryptokiVersion\":\"%u.%u\"}\n", info.cryptokiVersion.major,
         info.cryptokiVersion.minor);
  fflush(stdout);
}

/* The counts of a result or progress line, after its tag. */
static void print_counts(const struct p11ex_opts *o, const char *tag, const char *condition,
                         const char *outcome, const char *reason, const struct p11ex_tally *t,
                         int forks, double seconds) {
  printf("%s {\"pattern\":", tag);
  json_string(o->pattern);
  printf(",\"mode\":");
  json_string(o->mode);
  printf(",\"condition\":");
  json_string(condition);
  printf(",\"outcome\":");
  json_string(outcome);
  printf(",\"reason\":");
  json_string(reason);
  printf(",\"threadsAtFork\":{\"min\":%d,\"max\":%d}", t->threads_min, t->threads_max);
  printf(",\"forks\":%d,\"iterations\":%d,\"clean\":%d,\"failed\":%d,\"crashes\":%d,\"hangs\":%d,"
         "\"stuck\":%d,\"parentChecks\":%d,\"parentFailures\":%d,\"seconds\":%.3f",
         forks, t->iterations, t->clean, t->failed, t->crashes, t->hangs, t->stuck,
         t->parent_checks, t->parent_failures, seconds);
  printf(",\"parentDamaged\":%d,\"lastForkDamaged\":%s,\"hazardForks\":%d,"
         "\"lastForkEvent\":%s",
         t->parent_damaged, t->last_fork_damaged ? "true" : "false", t->hazard_forks,
         t->last_fork_event ? "true" : "false");
  printf(",\"hangsIo\":%d,\"workerCalls\":%ld,\"forksObserved\":%d,\"forksInside\":%d", t->hangs_io,
         t->worker_calls, t->forks_observed, t->forks_inside);
  printf(",\"crashSignals\":[");
  for (int sig = 1, first = 1; sig < 65; sig++)
    if (t->crash_signals[sig]) {
      printf("%s{\"signal\":%d,\"count\":%d}", first ? "" : ",", sig, t->crash_signals[sig]);
      first = 0;
    }
  printf("]");
  printf(",\"note\":");
  json_string(t->note);
  printf(",\"returnCodes\":[");
  for (int i = 0; i < t->rcs.n; i++) {
    printf("%s{\"call\":", i ? "," : "");
    json_string(t->rcs.e[i].call);
    printf(",\"rv\":");
    json_string(p11ex_rv_name(t->rcs.e[i].rv));
    printf(",\"value\":\"0x%lx\",\"count\":%ld}", (unsigned long)t->rcs.e[i].rv,
           t->rcs.e[i].count);
  }
  printf("]");
}

/* One line the harness reads: P11EX-RESULT {...}. */
void p11ex_report(const struct p11ex_opts *o, const char *condition, const char *outcome,
                  const char *reason, const struct p11ex_tally *t, double seconds) {
  print_counts(o, "P11EX-RESULT", condition, outcome, reason, t, o->forks, seconds);
  printf("}\n");
  fflush(stdout);
}

void p11ex_fork_made(int forks_made) {
  printf("P11EX-FORK %d\n", forks_made);
  fflush(stdout);
}

void p11ex_progress(const struct p11ex_opts *o, const struct p11ex_tally *t, int forks_done,
                    double seconds) {
  print_counts(o, "P11EX-PROGRESS", "", "progress", "", t, forks_done, seconds);
  printf(",\"forksDone\":%d}\n", forks_done);
  fflush(stdout);
}

/* Decide pass or fail for a safe pattern and print the result line; returns the exit status. */
int p11ex_finish(const struct p11ex_opts *o, const char *condition, int min_threads,
                 int max_threads, const struct p11ex_tally *t, const struct timespec *t0) {
  char reason[200] = "";
  if (t->threads_min < min_threads || t->threads_max > max_threads)
    snprintf(reason, sizeof reason, "threads at fork %d..%d, expected %d..%d", t->threads_min,
             t->threads_max, min_threads, max_threads);
  else if (t->iterations != o->forks)
    snprintf(reason, sizeof reason, "%d of %d children ran", t->iterations, o->forks);
  else if (t->clean != t->iterations)
    snprintf(reason, sizeof reason, "children: %d clean, %d failed, %d crashed, %d hung, %d stuck",
             t->clean, t->failed, t->crashes, t->hangs, t->stuck);
  else if (t->parent_failures)
    snprintf(reason, sizeof reason, "parent sign/verify failed %d of %d times", t->parent_failures,
             t->parent_checks);
  else if (t->parent_checks < t->iterations)
    snprintf(reason, sizeof reason, "parent checked only %d times", t->parent_checks);
  else if (t->worker_errors)
    snprintf(reason, sizeof reason, "parent worker threads saw %ld errors", t->worker_errors);
  const char *outcome = reason[0] ? "fail" : "pass";
  p11ex_report(o, condition, outcome, reason, t, p11ex_seconds_since(t0));
  return reason[0] ? 1 : 0;
}

int p11ex_not_applicable(const struct p11ex_opts *o, const char *condition, const char *reason,
                         const struct p11ex_tally *t, const struct timespec *t0) {
  p11ex_report(o, condition, "not-applicable", reason, t, p11ex_seconds_since(t0));
  return 0;
}
