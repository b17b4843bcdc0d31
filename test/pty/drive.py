#!/usr/bin/env python3
"""Run a command under a pseudo-terminal and type into it, the way a person at a terminal does.

Reads a JSON script on stdin:
  {"argv": [...], "cwd": "...", "env": {...}, "columns": 80, "rows": 24, "timeout": 60,
   "steps": [{"expect": "regex", "send": "keys"}, ...]}
Each step waits until `expect` matches the output that arrived since the previous match (so a
step never types before its prompt is on screen), then sends `send`. After the last step it reads
until the process exits. Prints JSON: {"status": exit code or 128+signal, "output": bytes as
latin-1 text, "error": why a step timed out, or null}.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time


def main() -> None:
    script = json.load(sys.stdin)
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(script["cwd"])
        os.execvpe(script["argv"][0], script["argv"], script["env"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", script.get("rows", 24), script.get("columns", 80), 0, 0))
    # The child may start before the size is set: tell it the size changed.
    os.kill(pid, signal.SIGWINCH)
    deadline = time.monotonic() + script.get("timeout", 60)
    output = b""
    seen = 0
    error = None

    def read(wait: float) -> bool:
        nonlocal output
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        output += chunk
        return True

    alive = True
    for step in script["steps"]:
        pattern = re.compile(step["expect"].encode("utf-8"))
        while True:
            match = pattern.search(output, seen)
            if match:
                seen = match.end()
                break
            if not alive or time.monotonic() > deadline:
                error = f"timed out waiting for {step['expect']!r}"
                break
            alive = read(0.1)
        if error:
            break
        # Let the prompt finish drawing, as a person would before typing.
        time.sleep(step.get("pause", 0.05))
        for key in step.get("keys", [step.get("send", "")]):
            os.write(fd, key.encode("utf-8"))
            time.sleep(step.get("between", 0.02))
    # Read until the terminal closes, then wait for the exit status (the child may close its end
    # a moment before it is reaped).
    while alive and time.monotonic() < deadline:
        alive = read(0.1)
    status = None
    while time.monotonic() < deadline:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            break
        status = None
        read(0.05)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        error = error or "the process did not exit"
    code = os.waitstatus_to_exitcode(status)
    json.dump({"status": code if code >= 0 else 128 - code, "output": output.decode("latin-1"), "error": error}, sys.stdout)


main()
