"""The binaries under test, as built: hardened, and linked only with what they use.

Reads $BILLBOARD_BUILD (set by scripts/dev.sh test) with readelf and nm; needs no stack.
"""
import os
import re
import subprocess

import pytest

BINARIES = ("billboard-api", "billboard-batch")
BINARIES += ("billboard-bot",)


def build_dir():
    build = os.environ.get("BILLBOARD_BUILD")
    if not build:
        pytest.skip("BILLBOARD_BUILD is not set (scripts/dev.sh test sets it)")
    return build


def binary(name):
    path = os.path.join(build_dir(), name)
    assert os.access(path, os.X_OK), f"{path} is missing"
    return path


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def makefile_var(name):
    with open(os.path.join(build_dir(), "Makefile"), encoding="utf-8") as f:
        m = re.search(rf"^{name} = (.*)$", f.read(), re.M)
    return m.group(1).strip() if m else ""


# What the binaries may load: the design's libraries (libcurl for object storage and the LLM),
# libargon2 for password hashes, the C runtime and the sanitizers' runtimes.
ALLOWED_LIBS = ("libfcgi", "libpq", "libhiredis", "libjson-c", "libcurl", "libargon2", "libc.",
                "libm.", "libasan", "libubsan", "libgcc_s", "libstdc++", "ld-linux")


@pytest.mark.parametrize("name", BINARIES)
def test_links_only_named_libraries(name):
    """No library creeps in beyond those the design names (and the worker loads no GLPK)."""
    needed = re.findall(r"\(NEEDED\).*\[(.*)\]", run("readelf", "-dW", binary(name)))
    assert needed, "readelf found no NEEDED entries"
    assert [lib for lib in needed if not lib.startswith(ALLOWED_LIBS)] == [], needed


@pytest.mark.parametrize("name", BINARIES)
def test_hardened(name):
    """PIE, full relro (relro + bind now), stack protector; fortified calls when optimised."""
    path = binary(name)
    dynamic = run("readelf", "-dW", path)
    assert re.search(r"\(FLAGS\).*BIND_NOW", dynamic) or re.search(r"FLAGS_1.*\bNOW\b", dynamic)
    assert "GNU_RELRO" in run("readelf", "-lW", path)
    assert "DYN (Position-Independent Executable file)" in run("readelf", "-hW", path)
    symbols = run("nm", "-D", "--undefined-only", path)
    assert "__stack_chk_fail" in symbols
    if "_FORTIFY_SOURCE=2" in makefile_var("BB_HARDEN_CPPFLAGS"):
        assert re.search(r"__\w+_chk\b", symbols.replace("__stack_chk_fail", ""))
    else:
        assert "--enable-debug" in run(os.path.join(build_dir(), "config.status"), "--config") or (
            "--enable-sanitizers" in run(os.path.join(build_dir(), "config.status"), "--config")
        ), "an optimised build without _FORTIFY_SOURCE"
