# python-fork-hazard.py - ANTI-PATTERN: a PyKCS11 child of a threaded Python parent uses the module.
#
# The parent forks with os.fork() --forks times while worker threads call into the module without
# pause. --workers python: the workers are Python threads calling through PyKCS11, which holds the
# GIL during every module call. --workers native: the workers are native threads (pthreads of
# fork-load.c, loaded with ctypes), which never hold the GIL. --mode reinit: the child loads the
# module again with a new PyKCS11Lib (C_Initialize in the child), then opens a session and asks
# for random bytes; --mode control: the child makes the same two calls on the inherited
# PyKCS11Lib. The parent signs and verifies after every fork.
#
# Guide: /guide/wrappers-and-runtimes#pykcs11, R-APP-NO-CALLS-BEFORE-EXEC.
# Thread condition: multi-threaded at every fork (main thread + --threads workers). POSIX lets
# such a child call only async-signal-safe functions until it execs.
# Measured as the C anti-pattern (atfork-reinit.c), with fork-load.c's instruments: each child
# reports from a fork handler whether a worker was inside the module at the moment of fork, and
# each child is bounded (hung when blocked in a futex or socket wait past --bound-ms, then
# killed). fork-load.c initialises the module with CKF_OS_LOCKING_OK before PyKCS11 loads it
# (see there why). Prints the matrix's P11EX-RESULT line.
# Requires: Debian 12's python3-pykcs11 (PyKCS11 1.5.12), Python 3.11, build/libfork-load.so
# (make), a token with the ECDSA P-256 key pair labelled --key and the user PIN in $P11EX_PIN.
# Do not copy the child: it is here to be observed hanging.
# SPDX-License-Identifier: Apache-2.0
import argparse
import ctypes
import hashlib
import os
import sys
import threading

import PyKCS11

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

start_methods = import_module("python-start-methods")

parser = argparse.ArgumentParser()
parser.add_argument("--module", required=True, help="the real PKCS #11 module")
parser.add_argument("--helper", required=True, help="build/libfork-load.so")
parser.add_argument("--token", required=True)
parser.add_argument("--key", default="forkkey")
parser.add_argument("--workers", choices=["python", "native"], required=True)
parser.add_argument("--mode", choices=["reinit", "control"], required=True)
parser.add_argument("--forks", type=int, default=200)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--bound-ms", type=int, default=5000)
args = parser.parse_args()
pin = os.environ["P11EX_PIN"]
PARENT_BOUND_S = 30

helper = ctypes.CDLL(args.helper)  # ctypes releases the GIL around each of these calls
helper.fl_note.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_ulong]
helper.fl_run_end.argtypes = [ctypes.c_int, ctypes.c_long, ctypes.c_char_p]
if helper.fl_setup(args.module.encode(), args.token.encode(), args.key.encode(), pin.encode(),
                   args.mode.encode()) != 0:
    sys.exit(2)
lib = PyKCS11.PyKCS11Lib()
lib.load(args.helper)  # the helper's function list forwards to --module, counting worker calls
parent_session = start_methods.login(lib, args.token, pin)
slot = next(s for s in lib.getSlotList(tokenPresent=True)
            if lib.getTokenInfo(s).label.strip() == args.token)

stop = threading.Event()
errors = [0]


def python_worker():
    """The matrix's worker load, through PyKCS11: every call holds the GIL."""
    session = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION)
    key = session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                               (PyKCS11.CKA_LABEL, args.key)])[0]
    sha256, ecdsa = PyKCS11.Mechanism(PyKCS11.CKM_SHA256), PyKCS11.Mechanism(PyKCS11.CKM_ECDSA)
    while not stop.is_set():
        try:
            data = bytes(session.generateRandom(32))
            lib.getTokenInfo(slot)
            lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION).closeSession()
            session.sign(key, bytes(session.digest(data, sha256)), ecdsa)
        except PyKCS11.PyKCS11Error:
            errors[0] += 1


workers = []
if args.workers == "python":
    workers = [threading.Thread(target=python_worker) for _ in range(args.threads)]
    for worker in workers:
        worker.start()
elif helper.fl_native_start(args.threads) != 0:
    sys.exit(2)


def child(notes):
    """Runs in the child of a multi-threaded parent; reports each call, then leaves with _exit."""
    call, status = "child PyKCS11 load", 0
    try:
        use = lib
        if args.mode == "reinit":
            # ANCHOR: child-reinit
            use = PyKCS11.PyKCS11Lib()
            use.load(args.helper)  # WRONG: C_Initialize in the child of a threaded parent
            # ANCHOR_END: child-reinit
            helper.fl_note(notes, call.encode(), 0)
        call = "child C_OpenSession"
        session = use.openSession(slot, PyKCS11.CKF_SERIAL_SESSION)
        helper.fl_note(notes, call.encode(), 0)
        call = "child C_GenerateRandom"
        session.generateRandom(16)
        helper.fl_note(notes, call.encode(), 0)
    except PyKCS11.PyKCS11Error as error:
        helper.fl_note(notes, call.encode(), error.value & 0xFFFFFFFF)
    except BaseException:  # anything else is a failed child, never a second parent
        status = 1
    finally:
        os._exit(status)


helper.fl_run_begin(args.forks, args.bound_ms)
for i in range(args.forks):
    read_end, write_end = os.pipe()
    helper.fl_before_fork(write_end)
    pid = os.fork()
    if pid == 0:
        child(write_end)
    os.close(write_end)
    helper.fl_after_fork(i, pid, read_end)  # the helper closes read_end once the child is counted
    helper.fl_parent_bound(PARENT_BOUND_S)
    digest_salt = hashlib.sha256(str(i).encode()).hexdigest()
    ok = start_methods.sign_verify(parent_session, args.key, digest_salt) == "CKR_OK"
    helper.fl_parent_bound(0)
    helper.fl_parent_checked(1 if ok else 0)

stop.set()
for worker in workers:
    worker.join()
condition = f"{args.workers} worker threads, child calls PKCS#11 through PyKCS11"
failed = helper.fl_run_end(args.threads, errors[0], condition.encode())
parent_session.closeSession()
sys.exit(1 if failed else 0)
