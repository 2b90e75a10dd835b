# python-start-methods.py - PyKCS11 workers started by multiprocessing's fork, forkserver, spawn.
#
# The parent loads the module through PyKCS11, logs in and signs. One worker is started with the
# start method --method; it either signs with the session object it inherited (--child
# inherited, only possible with fork) or loads the module afresh and logs in itself (--child
# fresh). The worker's signature is verified; then the parent signs and verifies again. Prints
# one `RUNTIME-FACT {json}` line.
#
# Guide: /guide/wrappers-and-runtimes#python-multiprocessing, R-WRAP-RUNTIMES.
# Thread condition: single-threaded parent (Python threads only; none started here).
# Requires: Debian 12's python3-pykcs11 (PyKCS11 1.5.12) and Python 3.11; a token with the ECDSA
# P-256 key pair labelled --key and the user PIN in $P11EX_PIN. PyKCS11 passes no
# CK_C_INITIALIZE_ARGS, so NSS softoken, which needs its parameters there, is out of reach.
# SPDX-License-Identifier: Apache-2.0
import argparse
import hashlib
import json
import multiprocessing
import os
import sys

import PyKCS11
from PyKCS11 import LowLevel


def login(lib, token, pin):
    for slot in lib.getSlotList(tokenPresent=True):
        if lib.getTokenInfo(slot).label.strip() == token:
            session = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
            try:
                session.login(pin)
            except PyKCS11.PyKCS11Error as error:
                if error.value != PyKCS11.CKR_USER_ALREADY_LOGGED_IN:
                    raise
            return session
    raise RuntimeError(f"no token labelled {token}")


def sign_verify(session, key_label, salt):
    """Signs a digest with the private key and verifies it with the public one; returns a CKR name."""
    try:
        def find(cls):
            found = session.findObjects([(PyKCS11.CKA_CLASS, cls), (PyKCS11.CKA_LABEL, key_label)])
            if not found:
                raise RuntimeError(f"no key labelled {key_label}")
            return found[0]

        digest = hashlib.sha256(f"python-start-methods {salt}".encode()).digest()
        mechanism = PyKCS11.Mechanism(PyKCS11.CKM_ECDSA)
        signature = session.sign(find(PyKCS11.CKO_PRIVATE_KEY), digest, mechanism)
        ok = session.verify(find(PyKCS11.CKO_PUBLIC_KEY), digest, signature, mechanism)
        return "CKR_OK" if ok else "CKR_SIGNATURE_INVALID"
    except PyKCS11.PyKCS11Error as error:
        return PyKCS11.CKR[error.value] if error.value in PyKCS11.CKR else str(error.value)


# ANCHOR: worker-fresh
def worker_fresh(module, token, key_label, pin, queue):
    """A worker that owns its PKCS #11 state: load, log in, sign."""
    lib = PyKCS11.PyKCS11Lib()
    lib.load(module)  # C_Initialize; CKR_CRYPTOKI_ALREADY_INITIALIZED is accepted
    queue.put(sign_verify(login(lib, token, pin), key_label, "fresh"))
# ANCHOR_END: worker-fresh


# ANCHOR: worker-inherited
def worker_inherited(session, key_label, queue):
    """A forked worker that reuses the parent's session object."""
    queue.put(sign_verify(session, key_label, "inherited"))
# ANCHOR_END: worker-inherited


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--module", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--key", default="forkkey")
    parser.add_argument("--method", choices=["fork", "forkserver", "spawn"], required=True)
    parser.add_argument("--child", choices=["inherited", "fresh"], required=True)
    args = parser.parse_args()
    if args.child == "inherited" and args.method != "fork":
        parser.error("only a forked worker inherits the parent's session")
    pin = os.environ["P11EX_PIN"]

    lib = PyKCS11.PyKCS11Lib()
    lib.load(args.module)
    session = login(lib, args.token, pin)
    before = sign_verify(session, args.key, "parent before")
    if before != "CKR_OK":
        sys.exit(f"the parent cannot sign: {before}")

    # ANCHOR: start-worker
    context = multiprocessing.get_context(args.method)
    queue = context.Queue()
    if args.child == "fresh":
        worker = context.Process(
            target=worker_fresh, args=(args.module, args.token, args.key, pin, queue)
        )
    else:
        worker = context.Process(target=worker_inherited, args=(session, args.key, queue))
    worker.start()
    # ANCHOR_END: start-worker
    worker.join(30)
    if worker.exitcode is None:
        worker.kill()
        child = "hung"
    else:
        child = queue.get(timeout=5) if worker.exitcode == 0 else f"exit {worker.exitcode}"
    after = sign_verify(session, args.key, "parent after")
    fact = {
        "case": f"python-start-methods/{args.method}-{args.child}",
        "childSigns": child,
        "parentSignsAfter": after,
    }
    print("RUNTIME-FACT " + json.dumps(fact), flush=True)


if __name__ == "__main__":
    main()
