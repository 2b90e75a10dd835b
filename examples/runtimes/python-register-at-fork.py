# python-register-at-fork.py - os.register_at_fork(after_in_child=...) around a PyKCS11 module.
#
# The parent loads the module through PyKCS11, logs in and signs, registers an after_in_child
# hook, and forks with os.fork(). With --handler flag the hook only records that a fork happened,
# and the child's first use loads the module afresh (lazy re-initialisation). With --handler call
# the hook itself loads the module, so C_Initialize runs inside the fork hook. The child signs and
# verifies; then the parent signs again. Prints one `RUNTIME-FACT {json}` line.
#
# Guide: /guide/wrappers-and-runtimes#pykcs11, R-WRAP-LAZY-REINIT.
# Thread condition: single-threaded parent; this measures the outcome, not the hazard of a hook
# that calls into a module while another thread is inside it (see R-APP-NO-CALLS-BEFORE-EXEC).
# Requires: Debian 12's python3-pykcs11 (PyKCS11 1.5.12), Python 3.11, a token with the ECDSA
# P-256 key pair labelled --key and the user PIN in $P11EX_PIN.
# SPDX-License-Identifier: Apache-2.0
import argparse
import json
import os
import sys

import PyKCS11

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

start_methods = import_module("python-start-methods")

parser = argparse.ArgumentParser()
parser.add_argument("--module", required=True)
parser.add_argument("--token", required=True)
parser.add_argument("--key", default="forkkey")
parser.add_argument("--handler", choices=["flag", "call"], required=True)
args = parser.parse_args()
pin = os.environ["P11EX_PIN"]

lib = PyKCS11.PyKCS11Lib()
lib.load(args.module)
parent_session = start_methods.login(lib, args.token, pin)
if start_methods.sign_verify(parent_session, args.key, "parent before") != "CKR_OK":
    sys.exit("the parent cannot sign")

state = {"forked": False, "lib": None, "handler": "not called"}

# ANCHOR: flag-only
def after_fork_flag():
    state["forked"] = True  # nothing else: the first use in the child does the work


def child_lib():
    if state["forked"] and state["lib"] is None:
        state["lib"] = PyKCS11.PyKCS11Lib()
        state["lib"].load(args.module)  # ordinary code, not a fork hook
    return state["lib"]
# ANCHOR_END: flag-only


# ANCHOR: call-in-hook
def after_fork_call():
    state["lib"] = PyKCS11.PyKCS11Lib()
    try:
        state["lib"].load(args.module)  # C_Initialize inside the fork hook
        state["handler"] = "CKR_OK"
    except PyKCS11.PyKCS11Error as error:
        state["handler"] = PyKCS11.CKR.get(error.value, str(error.value))
# ANCHOR_END: call-in-hook


os.register_at_fork(after_in_child=after_fork_flag if args.handler == "flag" else after_fork_call)
read_end, write_end = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read_end)
    try:
        session = start_methods.login(child_lib() if args.handler == "flag" else state["lib"], args.token, pin)
        result = start_methods.sign_verify(session, args.key, "child")
    except Exception as error:  # any failure is the child's result, reported to the parent
        result = f"error: {error}"
    os.write(write_end, json.dumps({"child": result, "handler": state["handler"]}).encode())
    os._exit(0)
os.close(write_end)
with os.fdopen(read_end) as reader:
    child = json.loads(reader.read() or '{"child": "no report", "handler": "unknown"}')
os.waitpid(pid, 0)
fact = {
    "case": f"python-register-at-fork/{args.handler}",
    "hookInitialize": child["handler"],
    "childSigns": child["child"],
    "parentSignsAfter": start_methods.sign_verify(parent_session, args.key, "parent after"),
}
print("RUNTIME-FACT " + json.dumps(fact), flush=True)
