# python-load.py - what PyKCS11's load() does with a module that needs initialisation arguments.
#
# PyKCS11Lib.load() calls C_Initialize itself; this prints what that returned for the module
# given, as one `RUNTIME-FACT {json}` line (NSS softoken needs its configuration in
# CK_C_INITIALIZE_ARGS, which PyKCS11 does not pass).
#
# Guide: /guide/wrappers-and-runtimes#pykcs11.
# Requires: Debian 12's python3-pykcs11 (PyKCS11 1.5.12) and Python 3.11.
# SPDX-License-Identifier: Apache-2.0
import argparse
import json

import PyKCS11

parser = argparse.ArgumentParser()
parser.add_argument("--module", required=True)
parser.add_argument("--name", required=True)
args = parser.parse_args()
# ANCHOR: load
lib = PyKCS11.PyKCS11Lib()
try:
    lib.load(args.module)
    result = "CKR_OK"
except PyKCS11.PyKCS11Error as error:
    result = PyKCS11.CKR.get(error.value, str(error.value))
# ANCHOR_END: load
print("RUNTIME-FACT " + json.dumps({"case": f"python-load/{args.name}", "load": result}), flush=True)
