/* names.c - names for the numbers the probe prints: return codes, session states, token and
 * interface flags, signals, and the probe's own scenario/call/status ids.
 *
 * The CKR_ table lists every return code of the OASIS headers 2.40 to 3.2, so a value the
 * table does not know is reported raw in hex: that is how "nonsense" shows up.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"

const char *const scen_names[SC_COUNT] = {
    "child-no-reinit",      "child-initialize",      "child-finalize", "child-finalize-initialize",
    "fork-safe-interface", "atfork-threads", "init-cost"};

const char *const status_names[ST_COUNT] = {"done",    "skipped", "not-applicable",
                                            "crashed", "hung",    "error"};

const char *const phase_names[PHASE_COUNT] = {"while starting", "in its own set-up",
                                               "while its children ran",
                                               "while checking itself after its children"};

const char *const verdict_names[5] = {"pass", "warn", "fail", "not-applicable", "unknown"};

static const char *const calls[CALL_COUNT] = {
    "C_Initialize",       "C_Finalize",     "C_GetInfo",          "C_GetFunctionList",
    "C_GetSlotList",      "C_GetTokenInfo", "C_OpenSession",      "C_CloseSession",
    "C_GetSessionInfo",   "C_Login",        "C_Logout",           "C_GenerateKeyPair",
    "C_GenerateKey",      "C_SignInit",     "C_Sign",             "C_GetInterfaceList",
    "C_GetInterface",     "C_GenerateRandom"};

const char *call_name(int call) {
  if (call >= 0 && call < CALL_COUNT) return calls[call];
  return NULL;
}

static const struct {
  unsigned long v;
  const char *n;
} rvs[] = {
    {0x000, "CKR_OK"},
    {0x001, "CKR_CANCEL"},
    {0x002, "CKR_HOST_MEMORY"},
    {0x003, "CKR_SLOT_ID_INVALID"},
    {0x005, "CKR_GENERAL_ERROR"},
    {0x006, "CKR_FUNCTION_FAILED"},
    {0x007, "CKR_ARGUMENTS_BAD"},
    {0x008, "CKR_NO_EVENT"},
    {0x009, "CKR_NEED_TO_CREATE_THREADS"},
    {0x00A, "CKR_CANT_LOCK"},
    {0x010, "CKR_ATTRIBUTE_READ_ONLY"},
    {0x011, "CKR_ATTRIBUTE_SENSITIVE"},
    {0x012, "CKR_ATTRIBUTE_TYPE_INVALID"},
    {0x013, "CKR_ATTRIBUTE_VALUE_INVALID"},
    {0x01B, "CKR_ACTION_PROHIBITED"},
    {0x020, "CKR_DATA_INVALID"},
    {0x021, "CKR_DATA_LEN_RANGE"},
    {0x030, "CKR_DEVICE_ERROR"},
    {0x031, "CKR_DEVICE_MEMORY"},
    {0x032, "CKR_DEVICE_REMOVED"},
    {0x040, "CKR_ENCRYPTED_DATA_INVALID"},
    {0x041, "CKR_ENCRYPTED_DATA_LEN_RANGE"},
    {0x042, "CKR_AEAD_DECRYPT_FAILED"},
    {0x050, "CKR_FUNCTION_CANCELED"},
    {0x051, "CKR_FUNCTION_NOT_PARALLEL"},
    {0x054, "CKR_FUNCTION_NOT_SUPPORTED"},
    {0x060, "CKR_KEY_HANDLE_INVALID"},
    {0x062, "CKR_KEY_SIZE_RANGE"},
    {0x063, "CKR_KEY_TYPE_INCONSISTENT"},
    {0x064, "CKR_KEY_NOT_NEEDED"},
    {0x065, "CKR_KEY_CHANGED"},
    {0x066, "CKR_KEY_NEEDED"},
    {0x067, "CKR_KEY_INDIGESTIBLE"},
    {0x068, "CKR_KEY_FUNCTION_NOT_PERMITTED"},
    {0x069, "CKR_KEY_NOT_WRAPPABLE"},
    {0x06A, "CKR_KEY_UNEXTRACTABLE"},
    {0x070, "CKR_MECHANISM_INVALID"},
    {0x071, "CKR_MECHANISM_PARAM_INVALID"},
    {0x082, "CKR_OBJECT_HANDLE_INVALID"},
    {0x090, "CKR_OPERATION_ACTIVE"},
    {0x091, "CKR_OPERATION_NOT_INITIALIZED"},
    {0x0A0, "CKR_PIN_INCORRECT"},
    {0x0A1, "CKR_PIN_INVALID"},
    {0x0A2, "CKR_PIN_LEN_RANGE"},
    {0x0A3, "CKR_PIN_EXPIRED"},
    {0x0A4, "CKR_PIN_LOCKED"},
    {0x0B0, "CKR_SESSION_CLOSED"},
    {0x0B1, "CKR_SESSION_COUNT"},
    {0x0B3, "CKR_SESSION_HANDLE_INVALID"},
    {0x0B4, "CKR_SESSION_PARALLEL_NOT_SUPPORTED"},
    {0x0B5, "CKR_SESSION_READ_ONLY"},
    {0x0B6, "CKR_SESSION_EXISTS"},
    {0x0B7, "CKR_SESSION_READ_ONLY_EXISTS"},
    {0x0B8, "CKR_SESSION_READ_WRITE_SO_EXISTS"},
    {0x0C0, "CKR_SIGNATURE_INVALID"},
    {0x0C1, "CKR_SIGNATURE_LEN_RANGE"},
    {0x0D0, "CKR_TEMPLATE_INCOMPLETE"},
    {0x0D1, "CKR_TEMPLATE_INCONSISTENT"},
    {0x0E0, "CKR_TOKEN_NOT_PRESENT"},
    {0x0E1, "CKR_TOKEN_NOT_RECOGNIZED"},
    {0x0E2, "CKR_TOKEN_WRITE_PROTECTED"},
    {0x0F0, "CKR_UNWRAPPING_KEY_HANDLE_INVALID"},
    {0x0F1, "CKR_UNWRAPPING_KEY_SIZE_RANGE"},
    {0x0F2, "CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT"},
    {0x100, "CKR_USER_ALREADY_LOGGED_IN"},
    {0x101, "CKR_USER_NOT_LOGGED_IN"},
    {0x102, "CKR_USER_PIN_NOT_INITIALIZED"},
    {0x103, "CKR_USER_TYPE_INVALID"},
    {0x104, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN"},
    {0x105, "CKR_USER_TOO_MANY_TYPES"},
    {0x110, "CKR_WRAPPED_KEY_INVALID"},
    {0x112, "CKR_WRAPPED_KEY_LEN_RANGE"},
    {0x113, "CKR_WRAPPING_KEY_HANDLE_INVALID"},
    {0x114, "CKR_WRAPPING_KEY_SIZE_RANGE"},
    {0x115, "CKR_WRAPPING_KEY_TYPE_INCONSISTENT"},
    {0x120, "CKR_RANDOM_SEED_NOT_SUPPORTED"},
    {0x121, "CKR_RANDOM_NO_RNG"},
    {0x130, "CKR_DOMAIN_PARAMS_INVALID"},
    {0x140, "CKR_CURVE_NOT_SUPPORTED"},
    {0x150, "CKR_BUFFER_TOO_SMALL"},
    {0x160, "CKR_SAVED_STATE_INVALID"},
    {0x170, "CKR_INFORMATION_SENSITIVE"},
    {0x180, "CKR_STATE_UNSAVEABLE"},
    {0x190, "CKR_CRYPTOKI_NOT_INITIALIZED"},
    {0x191, "CKR_CRYPTOKI_ALREADY_INITIALIZED"},
    {0x1A0, "CKR_MUTEX_BAD"},
    {0x1A1, "CKR_MUTEX_NOT_LOCKED"},
    {0x1B0, "CKR_NEW_PIN_MODE"},
    {0x1B1, "CKR_NEXT_OTP"},
    {0x1B5, "CKR_EXCEEDED_MAX_ITERATIONS"},
    {0x1B6, "CKR_FIPS_SELF_TEST_FAILED"},
    {0x1B7, "CKR_LIBRARY_LOAD_FAILED"},
    {0x1B8, "CKR_PIN_TOO_WEAK"},
    {0x1B9, "CKR_PUBLIC_KEY_INVALID"},
    {0x200, "CKR_FUNCTION_REJECTED"},
    {0x201, "CKR_TOKEN_RESOURCE_EXCEEDED"},
    {0x202, "CKR_OPERATION_CANCEL_FAILED"},
    {0x203, "CKR_KEY_EXHAUSTED"},
    {0x204, "CKR_PENDING"},
    {0x205, "CKR_SESSION_ASYNC_NOT_SUPPORTED"},
    {0x206, "CKR_SEED_RANDOM_REQUIRED"},
    {0x207, "CKR_OPERATION_NOT_VALIDATED"},
    {0x208, "CKR_TOKEN_NOT_INITIALIZED"},
    {0x209, "CKR_PARAMETER_SET_NOT_SUPPORTED"},
};

const char *rv_name(CK_RV rv) {
  for (size_t i = 0; i < sizeof rvs / sizeof rvs[0]; i++)
    if (rvs[i].v == rv) return rvs[i].n;
  return NULL; /* vendor-defined (>= 0x80000000) values are reported raw as well */
}

void rv_text(CK_RV rv, char *buf, size_t len) {
  const char *n = rv_name(rv);
  if (n)
    snprintf(buf, len, "%s", n);
  else
    snprintf(buf, len, "0x%lx", (unsigned long)rv);
}

const char *state_name(CK_ULONG state) {
  switch (state) {
  case 0: return "CKS_RO_PUBLIC_SESSION";
  case 1: return "CKS_RO_USER_FUNCTIONS";
  case 2: return "CKS_RW_PUBLIC_SESSION";
  case 3: return "CKS_RW_USER_FUNCTIONS";
  case 4: return "CKS_RW_SO_FUNCTIONS";
  default: return NULL;
  }
}

const char *signal_name(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV";
  case SIGABRT: return "SIGABRT";
  case SIGBUS: return "SIGBUS";
  case SIGILL: return "SIGILL";
  case SIGFPE: return "SIGFPE";
  case SIGKILL: return "SIGKILL";
  case SIGTERM: return "SIGTERM";
  case SIGINT: return "SIGINT";
  case SIGPIPE: return "SIGPIPE";
  case SIGTRAP: return "SIGTRAP";
  case SIGSYS: return "SIGSYS";
  case SIGHUP: return "SIGHUP";
  case SIGQUIT: return "SIGQUIT";
  case SIGALRM: return "SIGALRM";
  case SIGUSR1: return "SIGUSR1";
  case SIGUSR2: return "SIGUSR2";
  default: return NULL;
  }
}

struct flag_name {
  unsigned long bit;
  const char *name;
};

static const struct flag_name token_flags[] = {
    {0x00000001UL, "CKF_RNG"},
    {0x00000002UL, "CKF_WRITE_PROTECTED"},
    {0x00000004UL, "CKF_LOGIN_REQUIRED"},
    {0x00000008UL, "CKF_USER_PIN_INITIALIZED"},
    {0x00000020UL, "CKF_RESTORE_KEY_NOT_NEEDED"},
    {0x00000040UL, "CKF_CLOCK_ON_TOKEN"},
    {0x00000100UL, "CKF_PROTECTED_AUTHENTICATION_PATH"},
    {0x00000200UL, "CKF_DUAL_CRYPTO_OPERATIONS"},
    {0x00000400UL, "CKF_TOKEN_INITIALIZED"},
    {0x00000800UL, "CKF_SECONDARY_AUTHENTICATION"},
    {0x00010000UL, "CKF_USER_PIN_COUNT_LOW"},
    {0x00020000UL, "CKF_USER_PIN_FINAL_TRY"},
    {0x00040000UL, "CKF_USER_PIN_LOCKED"},
    {0x00080000UL, "CKF_USER_PIN_TO_BE_CHANGED"},
    {0x00100000UL, "CKF_SO_PIN_COUNT_LOW"},
    {0x00200000UL, "CKF_SO_PIN_FINAL_TRY"},
    {0x00400000UL, "CKF_SO_PIN_LOCKED"},
    {0x00800000UL, "CKF_SO_PIN_TO_BE_CHANGED"},
    {0x01000000UL, "CKF_ERROR_STATE"},
};

static void name_flags(const struct flag_name *t, size_t n, CK_FLAGS flags,
                       void (*fn)(const char *, void *), void *ctx) {
  CK_FLAGS rest = flags;
  for (size_t i = 0; i < n; i++)
    if (flags & t[i].bit) {
      fn(t[i].name, ctx);
      rest &= ~t[i].bit;
    }
  /* Bits nobody defined are still worth seeing. */
  for (int b = 0; b < (int)(8 * sizeof(CK_FLAGS)); b++)
    if (rest & (1UL << b)) {
      char hex[24];
      snprintf(hex, sizeof hex, "0x%lx", 1UL << b);
      fn(hex, ctx);
    }
}

void token_flag_names(CK_FLAGS flags, void (*fn)(const char *, void *), void *ctx) {
  name_flags(token_flags, sizeof token_flags / sizeof token_flags[0], flags, fn, ctx);
}

void iface_flag_names(CK_FLAGS flags, void (*fn)(const char *, void *), void *ctx) {
  static const struct flag_name t[] = {{PROBE_CKF_INTERFACE_FORK_SAFE, "CKF_INTERFACE_FORK_SAFE"}};
  name_flags(t, 1, flags, fn, ctx);
}
