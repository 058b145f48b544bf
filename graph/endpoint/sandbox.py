"""What a query worker denies itself before it opens the store: internet sockets and memory."""

from __future__ import annotations

import contextlib
import ctypes
import platform
import resource
import socket
import struct
import sys

_SECCOMP = {"x86_64": (0xC000003E, 41, 317), "aarch64": (0xC00000B7, 198, 277)}  # audit arch, socket, seccomp
_IO_URING_SETUP = 425  # the same number on both


def sandbox_network() -> bool:
    """Forbid this process every socket but a Unix-domain one (Linux seccomp); ``False`` if unsupported.

    The filter answers ``socket(AF_INET…)``, ``socket(AF_INET6…)`` and every other non-Unix family,
    ``io_uring_setup`` and any system call of a foreign ABI (x32, i386) with EACCES; everything
    else is allowed. It applies to every thread of the process (``SECCOMP_FILTER_FLAG_TSYNC``)
    and to its children, and cannot be lifted.
    """
    numbers = _SECCOMP.get(platform.machine())
    if numbers is None or not sys.platform.startswith("linux"):
        return False
    audit_arch, nr_socket, nr_seccomp = numbers
    load, jump_eq, jump_ge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = [
        (load, 0, 0, 4),  # seccomp_data.arch
        (jump_eq, 1, 0, audit_arch),
        (ret, 0, 0, deny),
        (load, 0, 0, 0),  # seccomp_data.nr
        (jump_ge, 3, 0, 0x40000000),  # x32 system calls
        (jump_eq, 2, 0, _IO_URING_SETUP),
        (jump_eq, 2, 0, nr_socket),
        (ret, 0, 0, allow),
        (ret, 0, 0, deny),
        (load, 0, 0, 16),  # seccomp_data.args[0]: the address family
        (jump_eq, 1, 0, socket.AF_UNIX),
        (ret, 0, 0, deny),
        (ret, 0, 0, allow),
    ]
    instructions = ctypes.create_string_buffer(b"".join(struct.pack("=HBBI", *op) for op in program))
    fprog = ctypes.create_string_buffer(struct.pack("=HxxxxxxQ", len(program), ctypes.addressof(instructions)))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    libc.syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p]
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fprog)
    return libc.syscall(nr_seccomp, 1, 1, ctypes.addressof(fprog)) == 0


def cap_address_space(megabytes: int) -> None:
    """Limit this process's address space (``RLIMIT_AS``); 0 leaves it as it is."""
    if megabytes:
        limit = megabytes * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
