/* record.c - the fixed binary record a scenario runner sends to the supervisor.
 *
 * The supervisor trusts nothing in it: a runner shares its address space with the module
 * under test, which may scribble over memory. So the record carries a size, a version and a
 * SHA-256 of its contents, and every count and id is range-checked before use. A record that
 * fails a check is reported as "wrote nonsense".
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"

void result_init(struct result *r, int scenario) {
  memset(r, 0, sizeof *r);
  r->magic = RES_MAGIC;
  r->version = RES_VERSION;
  r->size = (uint32_t)sizeof *r;
  r->scenario = (uint32_t)scenario;
  r->status = ST_DONE;
  snprintf(r->key_kind, sizeof r->key_kind, "none");
  r->inherits_login = r->inherited_session_valid = r->new_session_logged_in = TRI_NULL;
  r->fresh_login = r->child_sign_ok = r->get_interface_present = r->fork_safe_offered = TRI_NULL;
  r->child.in_call = CALL_NONE;
  for (int i = 0; i < COST_COUNT; i++) r->cost_state[i] = COST_SKIPPED;
}

static void digest_of(const struct result *r, uint8_t out[32]) {
  struct sha256 s;
  sha256_init(&s);
  sha256_update(&s, r, offsetof(struct result, digest));
  sha256_final(&s, out);
}

void result_seal(struct result *r) { digest_of(r, r->digest); }

void result_add_call(struct result *r, int who, int call, CK_RV rv, int has_state,
                     CK_ULONG state) {
  if (r->ncalls >= RES_MAX_CALLS) return;
  struct call_rec *c = &r->calls[r->ncalls++];
  c->who = (uint8_t)who;
  c->call = (uint8_t)call;
  c->has_state = has_state ? 1 : 0;
  c->count = 1;
  c->rv = rv;
  c->state = state;
}

static int tri_ok(int v) { return v == TRI_NULL || v == 0 || v == 1; }

static int calls_ok(const struct call_rec *c, int n, int allow_none) {
  for (int i = 0; i < n; i++) {
    if (c[i].who > WHO_PARENT || c[i].has_state > 1) return 0;
    if (c[i].call >= CALL_COUNT && !(allow_none && c[i].call == CALL_NONE)) return 0;
  }
  return 1;
}

int result_check(struct result *r, char *why, size_t whylen) {
  const char *bad = NULL;
  uint8_t d[32];
  if (r->magic != RES_MAGIC)
    bad = "bad magic number";
  else if (r->version != RES_VERSION || r->size != sizeof *r)
    bad = "record version or size differs";
  else if (digest_of(r, d), memcmp(d, r->digest, 32) != 0)
    bad = "record digest does not match (torn or overwritten)";
  else if (r->scenario >= SC_COUNT || r->status < 0 || r->status >= ST_COUNT)
    bad = "scenario or status out of range";
  else if (r->ncalls < 0 || r->ncalls > RES_MAX_CALLS || !calls_ok(r->calls, r->ncalls, 0))
    bad = "call list out of range";
  else if (!tri_ok(r->inherits_login) || !tri_ok(r->inherited_session_valid) ||
           !tri_ok(r->new_session_logged_in) || !tri_ok(r->fresh_login) ||
           !tri_ok(r->child_sign_ok) || !tri_ok(r->get_interface_present) ||
           !tri_ok(r->fork_safe_offered))
    bad = "observation out of range";
  else if (r->child.end < KID_RUNNING || r->child.end > KID_STUCK ||
           (r->child.in_call >= CALL_COUNT && r->child.in_call != CALL_NONE))
    bad = "child outcome out of range";
  else if (r->niface < 0 || r->niface > RES_MAX_IFACES)
    bad = "interface list out of range";
  else if (r->v.nhist < 0 || r->v.nhist > RES_MAX_HIST || r->v.nhung < 0 ||
           r->v.nhung > RES_MAX_WHERE || r->v.ncrash < 0 || r->v.ncrash > RES_MAX_WHERE ||
           !calls_ok(r->v.hist, r->v.nhist, 0) || !calls_ok(r->v.hung_in, r->v.nhung, 1) ||
           !calls_ok(r->v.crashed_in, r->v.ncrash, 1) || r->variant < 0 || r->variant > 1)
    bad = "atfork counts out of range";
  if (!bad)
    for (int i = 0; i < COST_COUNT; i++)
      if (r->cost_state[i] < COST_OK || r->cost_state[i] > COST_FAILED) bad = "cost out of range";
  if (bad) {
    snprintf(why, whylen, "%s", bad);
    return -1;
  }
  /* Strings are fixed fields; make sure each one ends inside its field. */
  r->detail[sizeof r->detail - 1] = 0;
  r->key_kind[sizeof r->key_kind - 1] = 0;
  r->parent_detail[sizeof r->parent_detail - 1] = 0;
  r->child.blocked[sizeof r->child.blocked - 1] = 0;
  for (int i = 0; i < r->niface; i++) r->ifaces[i].name[sizeof r->ifaces[i].name - 1] = 0;
  return 0;
}
