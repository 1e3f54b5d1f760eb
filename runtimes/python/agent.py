"""fnbox Python agent: loaded once per container, serves invocations one at a time.

Protocol (see server/executor/runtime.channel.ts): the host writes one JSON message per
line on stdin; the agent answers with frames b"\\n" + MARKER + json + b"\\n" on the
container's original stdout. MARKER is random per container and arrives in the hello
message, so nothing a function prints can pass for a frame.

When the hello names a socket (server/executor/agent.sockets.ts), the agent connects to it
and every later message and frame uses it instead of stdin/stdout: the engine's attach
stream is then out of the hot path. Without one (or when it cannot connect) nothing changes.

Why fds 1 and 2 are redirected into a pipe read here: everything the function (or any
child process) writes is captured in order, capped in-container (a 100 MB print flood
never crosses to the host) and never misattributed to the next invocation, because every
read of that pipe happens under one lock and the invocation drains it before answering.
"""
import asyncio
import base64
import builtins
import importlib
import importlib.util
import inspect
import json
import linecache
import operator
import os
import resource
import select
import socket
import sys
import threading
import time
import traceback

AGENT_FILE = os.path.abspath(__file__)
USER_FILE = "handler.py"
TASK_ROOT = "/var/task"  # a bundle's files (a tmpfs, see server/executor/container.hardening.ts)
CGROUP_PEAK = "/sys/fs/cgroup/memory/memory.max_usage_in_bytes"
CGROUP_V2_PEAK = "/sys/fs/cgroup/memory.peak"
TMP_MIN_FREE = 1 << 20
SHM_DIR = "/dev/shm"

# Protocol streams: private copies of the original stdin/stdout.
PROTO_OUT = os.dup(1)
PROTO_IN = os.fdopen(os.dup(0), "rb", buffering=1 << 16)
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)  # input() in user code must not eat protocol messages
os.close(_devnull)
LOG_R, _log_w = os.pipe()
os.dup2(_log_w, 1)
os.dup2(_log_w, 2)
os.close(_log_w)

marker = b""
write_lock = threading.Lock()


def _compact_encoder(ensure_ascii, allow_nan):
    """json.dumps(..., separators=(",", ":")) without building an encoder on every call, which
    json.dumps does whenever it is given options (a visible part of a warm call's CPU)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the standard path
        return json.JSONEncoder(ensure_ascii=ensure_ascii, allow_nan=allow_nan, separators=(",", ":")).encode

    def default(o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    quote = json.encoder.encode_basestring_ascii if ensure_ascii else json.encoder.encode_basestring
    try:
        # No circular-reference markers: a cycle ends in RecursionError instead, which _encode reports.
        encode = make(None, default, quote, None, ":", ",", False, False, allow_nan)
        encode([], 0)
    except Exception:  # noqa: BLE001 - another Python's private signature: the standard path
        return json.JSONEncoder(ensure_ascii=ensure_ascii, allow_nan=allow_nan, separators=(",", ":")).encode
    return lambda o: "".join(encode(o, 0))


encode_frame = _compact_encoder(True, True)
encode_result = _compact_encoder(False, False)
encode_result_ascii = _compact_encoder(True, False)
_scan_json = json.decoder.JSONDecoder().scan_once


def parse_message(line):
    """json.loads for one protocol line, through the decoder's scanner directly: json.loads
    adds two regex matches and its checks around it, two thirds of a message's parsing time.
    Anything the fast path does not take whole goes the standard way (and raises there)."""
    text = line.decode()
    try:
        msg, end = _scan_json(text, 0)
        if not text[end:].strip():
            return msg
    except (StopIteration, ValueError):
        pass
    return json.loads(text)


def connect_direct(path):
    """(socket, None) when the host's socket answers, else (None, why not)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError as exc:
        sock.close()
        return None, "%s: %s" % (path, exc.strerror or exc)
    return sock, None


def send(obj, raw_result=None, lock_timeout=-1):
    """`raw_result`: the result as encoded JSON bytes, spliced in last (the host relies on it).
    False when the channel stayed busy for `lock_timeout` seconds (-1: wait as long as it takes)."""
    body = encode_frame(obj).encode()
    if raw_result is None:
        data = b"".join((b"\n", marker, body, b"\n"))
    else:  # splice the already-encoded result in without re-parsing (or copying) it twice
        data = b"".join((b"\n", marker, body[:-1], b',"result":', raw_result, b"}\n"))
    if not write_lock.acquire(timeout=lock_timeout):
        return False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(PROTO_OUT, view):]
    finally:
        write_lock.release()
    return True


class LogCapture(threading.Thread):
    """Reads the merged stdout/stderr pipe; keeps up to `cap` bytes per invocation.

    Every read of the pipe happens under `lock` and the pipe is non-blocking, so no chunk is
    ever held outside the lock. finish() can then drain what is left itself: anything the
    function (or a child) wrote before it is already in the pipe, in order, and nothing can
    slip into the next invocation. No hand-off to this thread sits on the hot path."""

    def __init__(self):
        super().__init__(daemon=True)
        self.cap = 256 * 1024
        self.lock = threading.Lock()
        self.active = False
        self.buf = bytearray()
        self.total = 0
        self.invocation_id = None
        self.stream_after = None
        # poll(0) tells an empty pipe apart without the BlockingIOError a read raises (~1.5 us).
        self.poller = select.poll()
        self.poller.register(LOG_R, select.POLLIN)

    def begin(self, invocation_id=None):
        with self.lock:
            self.active, self.buf, self.total = True, bytearray(), 0
            self.invocation_id = invocation_id
            self.stream_after = time.monotonic() + 0.2

    def set_invocation(self, invocation_id):
        with self.lock:
            self.invocation_id = invocation_id
            self.stream_after = time.monotonic() + 0.2

    def finish(self, lock_timeout=-1):
        """Returns (text, truncated) with everything written before this call; None when the
        capture stayed busy for `lock_timeout` seconds (-1: wait as long as it takes)."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        if not self.lock.acquire(timeout=lock_timeout):
            return None
        try:
            self._drain()
            self.active = False
            truncated = self.total > self.cap
            if self.buf:
                text = bytes(self.buf).decode("utf-8", "replace")
                self.buf = bytearray()
            else:  # most calls print nothing
                text = ""
        finally:
            self.lock.release()
        if truncated:
            text += "\n[fnbox: logs truncated after %d bytes]" % self.cap
        return text, truncated

    def _drain(self):
        """Reads until the pipe is empty; the caller holds the lock. False at EOF."""
        while True:
            if not self.poller.poll(0):
                return True
            try:
                chunk = os.read(LOG_R, 1 << 16)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            self._take(chunk)

    def _take(self, chunk):
        if not self.active:
            return  # output between invocations (stray background processes) is dropped
        room = self.cap - self.total
        if room > 0:
            self.buf += chunk[:room]
        self.total += len(chunk)

    def _maybe_stream(self):
        # Long invocations forward their logs as they go, so a timeout does not lose them.
        if self.active and self.buf and self.stream_after and time.monotonic() >= self.stream_after:
            data = bytes(self.buf).decode("utf-8", "replace")
            self.buf = bytearray()
            self.stream_after = time.monotonic() + 0.2
            frame = {"t": "log", "id": self.invocation_id, "data": data}
            if self.total > self.cap:
                frame["truncated"] = True  # a timeout may end the call: the host marks the logs
            send(frame)

    def run(self):
        os.set_blocking(LOG_R, False)
        timeout = None
        while True:
            select.select([LOG_R], [], [], timeout)
            with self.lock:
                if not self._drain():
                    return
                self._maybe_stream()
                # Asleep until output comes, or until what is buffered is due to stream: an idle
                # agent never wakes. (It used to every 0.2 s: under load, with dozens of warm
                # containers, each of those wake-ups was a cold one that took a CPU from a call.)
                due = self.active and self.buf and self.stream_after
                timeout = max(0.0, self.stream_after - time.monotonic()) if due else None


class InvokeError(Exception):
    """What context.invoke raises: the callee failed (its error is the message; `status` is
    ERROR, TIMEOUT or OOM) or the call was refused (`code`: NOT_FOUND, CALL_DEPTH_EXCEEDED...)."""

    def __init__(self, message, invocation_id=None, status=None, code=None):
        super().__init__(message)
        self.invocation_id = self.invocationId = invocation_id
        self.status = status
        self.code = code


class Calls:
    """context.invoke over the agent's channel: a `call` frame out, a `callResult` message in.
    The handler's thread is the only reader of the channel while it runs (serve() waits on it),
    so each caller reads for itself under `lock`, keeping answers meant for other threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next_id = 0
        self.answers = {}
        self.reader = None  # the agent's protocol input, set at hello

    def call(self, invocation_id, target, event, asynchronous):
        with self.lock:
            self.next_id += 1
            call_id = self.next_id
        send({"t": "call", "id": invocation_id, "callId": call_id, "target": target, "async": bool(asynchronous), "event": event})
        while True:
            with self.lock:
                if call_id in self.answers:
                    return self.answers.pop(call_id)
                line = self.reader().readline()
                if not line:
                    raise InvokeError("The platform closed the channel during context.invoke", code="UNAVAILABLE")
                try:
                    msg = json.loads(line.decode())
                except ValueError:
                    # Only a call's answer can carry text the host did not write (a callee's forged result).
                    import re

                    found = re.match(rb'\{"t":"callResult","callId":(\d+)', line)
                    msg = {"t": "callResult", "callId": int(found.group(1)) if found else None, "ok": False, "error": "The callee's result is not JSON"}
                if msg.get("t") == "callResult":
                    self.answers[msg.get("callId")] = msg
                elif msg.get("t") == "ping":
                    send({"t": "pong"})


calls = Calls()


class Context:
    """The `context` argument; camelCase and Lambda-style snake_case names both work."""

    InvokeError = InvokeError  # what context.invoke raises, for `except context.InvokeError`

    def __init__(self, fn, invocation_id, deadline):
        self.function_name = self.functionName = fn["name"]
        self.function_version = self.functionVersion = str(fn["version"])
        self.invocation_id = self.invocationId = self.aws_request_id = self.awsRequestId = invocation_id
        self.memory_limit_in_mb = self.memoryLimitMb = self.memoryLimitInMB = fn["memoryMb"]
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def invoke(self, name_or_id, event=None, options=None, **kwargs):
        """Runs another of the owner's functions (by name or id, "name:alias" too) and returns
        its result, or raises InvokeError with its error. With {"async": True} (or
        asynchronous=True) it returns the callee's invocation id at once."""
        if not isinstance(name_or_id, str):
            raise TypeError("context.invoke needs a function name or id")
        opts = dict(options or {}, **kwargs)
        asynchronous = opts.get("async", opts.get("asynchronous", False))
        reply = calls.call(self.invocation_id, name_or_id, event, asynchronous)
        if not reply.get("ok"):
            raise InvokeError(reply.get("error") or "context.invoke failed", reply.get("invocationId"), reply.get("status"), reply.get("code"))
        if asynchronous:
            return reply.get("invocationId")
        return reply.get("result")

    getRemainingTimeMs = getRemainingTimeInMillis = get_remaining_time_in_millis


def format_error(exc):
    """Readable error with the traceback trimmed to the user's own frames."""
    if isinstance(exc, SyntaxError) and exc.filename == USER_FILE:
        line = (exc.text or "").rstrip("\n")
        where = "%s, line %s" % (USER_FILE, exc.lineno)
        return "%s: %s (%s)%s" % (type(exc).__name__, exc.msg, where, ("\n    " + line.strip()) if line else "")
    if isinstance(exc, SyntaxError) and (exc.filename or "").startswith(TASK_ROOT + "/"):
        line = (exc.text or "").rstrip("\n")
        where = "%s, line %s" % (exc.filename[len(TASK_ROOT) + 1:], exc.lineno)
        return "%s: %s (%s)%s" % (type(exc).__name__, exc.msg, where, ("\n    " + line.strip()) if line else "")
    # The agent's own frames and the import machinery's say nothing about the user's code.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != AGENT_FILE and not f.filename.startswith("<frozen ")]
    head = "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
    if not frames:
        return head
    return "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) + head


def own_cpu_seconds():
    """CPU of the agent's process, every thread: the same sum getrusage(RUSAGE_SELF) gives,
    as one float (clock_gettime) instead of a 16-field struct, a third of the cost."""
    return time.process_time()


def children_cpu_seconds():
    """CPU of the function's child processes, counted once they have been waited for."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def _open_first(paths):
    """An fd kept open for pread: re-reading a cgroup file at offset 0 gives a fresh value
    for about a microsecond, where open/read/close costs ~17."""
    for path in paths:
        try:
            return os.open(path, os.O_RDONLY)
        except OSError:
            pass
    return None


def _read_int(fd):
    try:
        return int(os.pread(fd, 64, 0))
    except (OSError, ValueError):
        return None


PEAK_FD = _open_first((CGROUP_PEAK, CGROUP_V2_PEAK))
TASKS_FD = _open_first(("/sys/fs/cgroup/pids/pids.current", "/sys/fs/cgroup/pids.current"))
TMP_FD = _open_first(("/tmp",))
baseline_tasks = None  # the container's tasks (threads included) when idle; set at hello
# The agent is PID 1 or the child of the engine's init for its whole life.
IN_CONTAINER = os.getpid() == 1 or os.getppid() == 1
# Results that cannot be awaitables, checked before the slower inspect.isawaitable.
PLAIN = (dict, list, str, int, float, tuple, type(None))


def memory_peak_mb():
    peak = _read_int(PEAK_FD) if PEAK_FD is not None else None
    if peak is not None:
        return round(peak / 1048576, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def has_stray_processes():
    """True when the function left processes behind. Only meaningful in a container, where the
    agent is PID 1 or the child of the engine's init (PID 1); elsewhere /proc shows the host.
    The cgroup's task count answers the common case; /proc is listed only when it grew."""
    if not IN_CONTAINER:
        return False
    if TASKS_FD is not None and baseline_tasks is not None:
        tasks = _read_int(TASKS_FD)
        if tasks is not None and tasks <= baseline_tasks:
            return False
    ours = {"1", str(os.getpid())}
    try:
        return any(p.isdigit() and p not in ours for p in os.listdir("/proc"))
    except OSError:
        return False


def tmp_full():
    """A full /tmp (ENOSPC) would break every later call of a warm container: start afresh.
    Asked of a kept fd (fstatvfs): no path lookup on every call."""
    try:
        st = os.statvfs(TMP_FD if TMP_FD is not None else "/tmp")
        return st.f_bavail * st.f_frsize < TMP_MIN_FREE
    except OSError:
        return False


class ShmWiper:
    """/dev/shm (1 MB of the container's 32 MB of writable space) is emptied after each
    invocation: what a call put there (semaphores, shared memory) does not outlive it. Checked
    after the result is sent, with one fstat of a kept fd: an entry made or removed changes the
    directory's mtime, and on tmpfs its size (which also catches a change within the same clock
    tick as the last wipe)."""

    def __init__(self):
        self.fd = None
        try:
            self.fd = os.open(SHM_DIR, os.O_RDONLY | os.O_DIRECTORY)
            self.seen = self._state()
        except OSError:
            self.fd = None

    def _state(self):
        st = os.fstat(self.fd)
        return st.st_mtime_ns, st.st_size

    def wipe(self):
        if self.fd is None:
            return
        try:
            if self._state() == self.seen:
                return
            for name in os.listdir(SHM_DIR):
                path = os.path.join(SHM_DIR, name)
                if os.path.isdir(path) and not os.path.islink(path):
                    import shutil  # only ever needed here: not imported at every container start
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            self.seen = self._state()
        except OSError:
            pass  # the function closed our fd, or left what it cannot remove: tried


class Agent:
    def __init__(self):
        self.logs = LogCapture()
        self.logs.start()
        self.shm = ShmWiper()
        self.fn = None
        self.handler = None
        self.arity = 2
        self.load_error = None
        self.init_ms = None
        self.loop = asyncio.new_event_loop()
        self.limits = {"maxResultBytes": 6 * 1024 * 1024}
        self.proto_in = PROTO_IN
        self.direct = None
        self.files_started = None
        # Children are counted when waited for, which only the function's code does, during a
        # call: the reading at the end of one call is the next one's start (one getrusage less).
        self.children_cpu = children_cpu_seconds()
        calls.reader = lambda: self.proto_in

    def hello(self, msg):
        global marker, baseline_tasks, PROTO_OUT
        marker = msg["marker"].encode()
        reply = {"t": "ready", "pid": os.getpid()}
        if msg.get("socket"):
            sock, error = connect_direct(msg["socket"])
            if sock is not None:
                self.direct = sock  # kept referenced: collecting it would close the channel
                PROTO_OUT = sock.fileno()
                self.proto_in = sock.makefile("rb", buffering=1 << 16)
            else:
                reply["socketError"] = error
        if TASKS_FD is not None:
            baseline_tasks = _read_int(TASKS_FD)
        self.logs.cap = int(msg.get("maxLogBytes", self.logs.cap))
        self.limits["maxResultBytes"] = int(msg.get("maxResultBytes", self.limits["maxResultBytes"]))
        send(reply)

    def file(self, msg):
        """One chunk of a bundle file, written under the task root as it comes."""
        if self.files_started is None:
            self.files_started = time.monotonic()
        path = os.path.normpath(os.path.join(TASK_ROOT, msg["path"]))
        if not path.startswith(TASK_ROOT + "/"):
            return  # the host validated every path; never write outside the root all the same
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "ab" if msg.get("append") else "wb") as out:
                out.write(base64.b64decode(msg["data"]))
            if msg.get("executable"):
                os.chmod(path, 0o755)
        except OSError as exc:
            if self.load_error is None:
                self.load_error = "Could not unpack the bundle at %s: %s" % (msg["path"], exc.strerror or exc)

    def load(self, msg):
        self.fn = msg
        os.environ.update({str(k): str(v) for k, v in (msg.get("env") or {}).items()})
        started = self.files_started or time.monotonic()
        self.logs.begin()  # module-level prints belong to the first invocation's logs
        if msg.get("handlerFile"):
            self.load_bundle(msg["handlerFile"], msg["exportName"])
            self.init_ms = round((time.monotonic() - started) * 1000, 3)
            return
        code = msg["code"]
        linecache.cache[USER_FILE] = (len(code), None, code.splitlines(True), USER_FILE)
        module = type(sys)("handler")
        module.__file__ = USER_FILE
        module.__dict__["__builtins__"] = builtins
        sys.modules["handler"] = module
        try:
            exec(compile(code, USER_FILE, "exec"), module.__dict__)
            handler = module.__dict__.get("handler")
            if not callable(handler):
                raise LookupError("No handler found: define `def handler(event, context):` in your code")
            self.handler = handler
            self.arity = self._arity(handler)
        except BaseException as exc:  # noqa: BLE001 - the user's code may raise anything
            self.load_error = format_error(exc)
        self.init_ms = round((time.monotonic() - started) * 1000, 3)

    def load_bundle(self, handler_file, export_name):
        """Lambda's layout: cwd and sys.path[0] are the task root; the handler module is
        imported by its dotted path (src/api.py -> src.api), so it imports its siblings and
        packages as usual. The handler file's own directory is on sys.path too, for a nested
        handler that imports the modules next to it. The files are made read-only first."""
        if self.load_error is not None:
            return
        try:
            read_only(TASK_ROOT)
            os.chdir(TASK_ROOT)
            file_dir = os.path.dirname(os.path.join(TASK_ROOT, handler_file))
            sys.path[0:0] = [TASK_ROOT] + ([file_dir] if file_dir != TASK_ROOT else [])
            parts = handler_file[: -len(".py")].split("/")
            dotted = ".".join(parts)
            # A name the agent itself already imported ("json.py", "socket/x.py") would resolve
            # to the standard library's module, and a directory Python cannot import
            # ("my-lib/app.py") to nothing: both load from their file instead.
            if all(part.isidentifier() for part in parts) and parts[0] not in sys.modules:
                module = importlib.import_module(dotted)
            else:
                spec = importlib.util.spec_from_file_location("handler", os.path.join(TASK_ROOT, handler_file))
                module = importlib.util.module_from_spec(spec)
                sys.modules["handler"] = module
                spec.loader.exec_module(module)
            handler = getattr(module, export_name, None)
            if not callable(handler):
                raise LookupError("Handler not found: %s defines no function %s" % (handler_file, export_name))
            self.handler = handler
            self.arity = self._arity(handler)
        except BaseException as exc:  # noqa: BLE001 - the user's code may raise anything
            self.load_error = format_error(exc)

    @staticmethod
    def _arity(fn):
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            return 2
        if any(p.kind == p.VAR_POSITIONAL for p in params):
            return 2
        return min(2, sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)))

    def invoke(self, msg):
        inv_id = msg["id"]
        deadline = time.monotonic() + msg.get("timeoutMs", 30000) / 1000
        if self.init_ms is None:
            self.logs.begin(inv_id)
        else:
            self.logs.set_invocation(inv_id)  # capture already running since load
        init_ms, self.init_ms = self.init_ms, None
        cpu0 = own_cpu_seconds()
        reply = {"t": "result", "id": inv_id, "ok": False}
        raw = None
        if self.load_error is not None:
            reply["error"] = self.load_error
        else:
            try:
                arity = self.arity
                if arity == 2:
                    value = self.handler(msg.get("event"), Context(self.fn, inv_id, deadline))
                else:  # no context object for handlers that take none
                    value = self.handler(*(msg.get("event"),)[:arity])
                if not isinstance(value, PLAIN) and inspect.isawaitable(value):
                    value = self.loop.run_until_complete(value)
                raw = self._encode(value, reply)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                reply["error"] = "Function exited with code %d" % code
            except MemoryError:
                reply["error"], reply["oom"] = "MemoryError", True
            except BaseException as exc:  # noqa: BLE001
                reply["error"] = format_error(exc)
        own = own_cpu_seconds() - cpu0
        children, self.children_cpu = self.children_cpu, children_cpu_seconds()
        reply["cpuMs"] = round((own + self.children_cpu - children) * 1000, 3)
        reply["logs"], reply["logsTruncated"] = self.logs.finish()
        reply["memoryPeakMb"] = memory_peak_mb()
        if init_ms is not None:
            reply["initMs"] = init_ms
        if has_stray_processes() or tmp_full():
            reply["dirty"] = True
        send(reply, raw)
        self.shm.wipe()

    def _encode(self, value, reply):
        """The result as UTF-8 JSON bytes (stored and served as they are), or None on error."""
        if type(value) is dict and isinstance(value.get("body"), (bytes, bytearray, memoryview)):
            # A `{statusCode, body: bytes}` response travels as base64, as Lambda's payload 2.0 has it.
            import base64  # only here: not worth its import time on every cold start

            value = dict(value, body=base64.b64encode(value["body"]).decode("ascii"), isBase64Encoded=True)
        try:
            # Non-ASCII text stays UTF-8: \uXXXX escapes would make it 2-3x larger everywhere.
            raw = encode_result(value)
        except (TypeError, ValueError) as exc:
            reply["error"] = "Result is not JSON-serialisable: %s" % exc
            return None
        except RecursionError:
            reply["error"] = "Result is not JSON-serialisable: it is circular or nested too deeply"
            return None
        try:
            data = raw.encode()
        except UnicodeEncodeError:  # lone surrogates: escaped instead, as ensure_ascii does
            data = encode_result_ascii(value).encode()
        limit = self.limits["maxResultBytes"]
        if len(data) > limit:
            reply["error"] = "Result is %d bytes, above the %d-byte limit" % (len(data), limit)
            return None
        reply["ok"] = True
        return data

    def serve(self):
        while True:
            line = self.proto_in.readline()  # the source changes once the socket connects
            if not line:
                return
            if not line.strip():
                continue
            msg = parse_message(line)
            kind = msg.get("t")
            if kind == "invoke":
                self.invoke(msg)
            elif kind == "hello":
                self.hello(msg)
            elif kind == "file":
                self.file(msg)
            elif kind == "load":
                self.load(msg)
            elif kind == "ping":
                send({"t": "pong"})


def read_only(root):
    """Bundle files 0444 (0555 if executable), directories 0555: the function's code is not
    its scratch space (/tmp is). It owns the files, so this guards against accidents only;
    the container serves this one function version and nobody else."""
    for folder, dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            os.chmod(path, 0o555 if os.stat(path).st_mode & 0o100 else 0o444)
    for folder, dirs, files in os.walk(root, topdown=False):
        os.chmod(folder, 0o555)


def schedule_as_batch():
    """SCHED_BATCH: the same CPU share as before, but a woken agent no longer preempts the
    task running on its CPU, which is usually the server in the middle of a batch of events.
    Under load the server then finishes its batch instead of being switched out once per call:
    c=16 over 4 functions went from ~4,300 to ~5,200 calls/s on 2 cores. It needs no privilege;
    where it is refused, nothing changes."""
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (AttributeError, OSError):
        pass


def keep_logs_on_exit(agent):
    """os._exit skips every handler: without this, all a function printed before calling it
    was lost. The logs ride on an exit frame first (sys.exit is an exception, handled in
    invoke like any other)."""
    real_exit = os._exit
    agent_pid = os.getpid()

    def exit_with_logs(status):
        try:
            code = operator.index(status)
        except TypeError:
            return real_exit(status)  # the very error os._exit itself raises
        try:
            # A forked child (multiprocessing ends its workers with os._exit) shares the log
            # pipe and the channel: it must neither drain the one nor write on the other.
            if os.getpid() == agent_pid and agent.logs.active:
                # Bounded waits: a signal handler may run this while its own thread holds a lock.
                taken = agent.logs.finish(lock_timeout=0.5)
                if taken is not None:
                    frame = {"t": "exit", "id": agent.logs.invocation_id, "code": code, "logs": taken[0], "logsTruncated": taken[1]}
                    send(frame, lock_timeout=0.5)
        except Exception:  # noqa: BLE001 - a process that asked to exit must exit
            pass
        finally:
            real_exit(code)

    os._exit = exit_with_logs


if __name__ == "__main__":
    schedule_as_batch()
    agent = Agent()
    keep_logs_on_exit(agent)
    agent.serve()
