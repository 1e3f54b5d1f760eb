/**
 * Hostile function bodies for hostile.test.ts, one per behaviour and runtime. Each takes the
 * GraphQL input as its event; `{ op: "probe" }` (where present) is a harmless call used to
 * check the function still works afterwards. None of them touches the network.
 */
export type Runtime = 'PYTHON' | 'NODE';
type Sources = Record<Runtime, string>;

const py = (...lines: string[]) => lines.join('\n');
const js = (...lines: string[]) => lines.join('\n');

export const infiniteLoop: Sources = {
  PYTHON: py('def handler(event):', '    while True:', '        pass'),
  NODE: js('exports.handler = () => { for (;;) {} };'),
};

export const sleepPastTimeout: Sources = {
  PYTHON: py('import time', 'def handler(event):', '    time.sleep(60)', '    return "woke"'),
  NODE: js('exports.handler = async () => { await new Promise((r) => setTimeout(r, 60000)); return "woke"; };'),
};

/** Allocates (and touches) 8 MB at a time until the kernel says no. */
export const memoryBomb: Sources = {
  PYTHON: py('def handler(event):', '    hog = []', '    while True:', '        hog.append(bytearray(8 * 1024 * 1024))'),
  NODE: js('exports.handler = () => { const hog = []; for (;;) hog.push(Buffer.alloc(8 * 1024 * 1024, 1)); };'),
};

/** Forks/spawns until refused; reports how many processes it could see afterwards. */
export const forkBomb: Sources = {
  PYTHON: py(
    'import os, time',
    'def procs():',
    '    return len([p for p in os.listdir("/proc") if p.isdigit()])',
    'def handler(event):',
    '    if event.get("op") == "probe":',
    '        return {"procs": procs()}',
    '    forked = 0',
    '    for _ in range(10000):',
    '        try:',
    '            pid = os.fork()',
    '        except OSError:',
    '            break',
    '        if pid == 0:',
    '            time.sleep(30)',
    '            os._exit(0)',
    '        forked += 1',
    '    return {"forked": forked, "procs": procs()}',
  ),
  NODE: js(
    'const cp = require("child_process");',
    'const fs = require("fs");',
    'const procs = () => fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p)).length;',
    'exports.handler = async (event) => {',
    '  if (event.op === "probe") return { procs: procs() };',
    '  let spawned = 0, failed = 0;',
    '  for (let i = 0; i < 300; i++) {',
    '    try { cp.spawn("sleep", ["30"], { stdio: "ignore" }).on("error", () => failed++); spawned++; } catch { failed++; }',
    '  }',
    '  await new Promise((r) => setTimeout(r, 500));',
    '  return { spawned, failed, procs: procs() };',
    '};',
  ),
};

/** Fills /tmp; `handle: true` catches the error, `op: "probe"` writes and reads a small file. */
export const tmpFill: Sources = {
  PYTHON: py(
    'import os',
    'def handler(event):',
    '    if event.get("op") == "probe":',
    '        with open("/tmp/probe.txt", "w") as f: f.write("fine")',
    '        return open("/tmp/probe.txt").read()',
    '    try:',
    '        with open("/tmp/fill", "wb") as f:',
    '            while True:',
    '                f.write(b"x" * (1024 * 1024))',
    '                f.flush()',
    '    except OSError as e:',
    '        if event.get("handle"):',
    '            return {"errno": e.errno, "full": True}',
    '        raise',
  ),
  NODE: js(
    'const fs = require("fs");',
    'exports.handler = (event) => {',
    '  if (event.op === "probe") { fs.writeFileSync("/tmp/probe.txt", "fine"); return fs.readFileSync("/tmp/probe.txt", "utf8"); }',
    '  const fd = fs.openSync("/tmp/fill", "w");',
    '  try { for (;;) fs.writeSync(fd, Buffer.alloc(1024 * 1024, 1)); }',
    '  catch (e) { if (event.handle) return { code: e.code, full: true }; throw e; }',
    '};',
  ),
};

/** 100 MB on stdout from the handler itself, and from a child process writing to the inherited fd. */
export const stdoutFlood: Sources = {
  PYTHON: py(
    'import subprocess, sys',
    'def handler(event):',
    '    if event.get("child"):',
    '        subprocess.run(["sh", "-c", "head -c 104857600 /dev/zero | tr \'\\\\0\' c"], check=True)',
    '        return "done"',
    '    chunk = "x" * (1024 * 1024)',
    '    for _ in range(100):',
    '        sys.stdout.write(chunk)',
    '    return "done"',
  ),
  NODE: js(
    'const cp = require("child_process");',
    'exports.handler = (event) => {',
    '  if (event.child) { cp.spawnSync("sh", ["-c", "head -c 104857600 /dev/zero | tr \'\\\\0\' c"], { stdio: "inherit" }); return "done"; }',
    '  const chunk = "y".repeat(1024 * 1024);',
    '  for (let i = 0; i < 100; i++) process.stdout.write(chunk);',
    '  return "done";',
    '};',
  ),
};

export const hugeResult: Sources = {
  PYTHON: py('def handler(event):', '    return "z" * (7 * 1024 * 1024)'),
  NODE: js('exports.handler = () => "z".repeat(7 * 1024 * 1024);'),
};

export const exitProcess: Sources = {
  PYTHON: py('import os', 'def handler(event):', '    if event.get("op") == "probe":', '        return "ok"', '    os._exit(3)'),
  NODE: js('exports.handler = (event) => { if (event.op === "probe") return "ok"; process.exit(3); };'),
};

/** `{ signal }` sends that signal to the function's own process; `op: "whoami"` returns the container's hostname (its short id). */
export const selfSignal: Sources = {
  PYTHON: py(
    'import os, signal, socket',
    'def handler(event):',
    '    if event.get("op") == "whoami":',
    '        return socket.gethostname()',
    '    os.kill(os.getpid(), getattr(signal, event["signal"]))',
    '    return "survived"',
  ),
  NODE: js(
    'const os = require("os");',
    'exports.handler = (event) => {',
    '  if (event.op === "whoami") return os.hostname();',
    '  process.kill(process.pid, event.signal);',
    '  return "survived";',
    '};',
  ),
};

/** What the function can see of the host: every process's environment, secrets, the engine socket, interfaces. */
export const snoop: Sources = {
  PYTHON: py(
    'import os',
    'def attempt(path):',
    '    try:',
    '        with open(path, "rb") as f:',
    '            return f.read().decode("utf-8", "replace")',
    '    except OSError as e:',
    '        return "%s" % type(e).__name__',
    'def handler(event):',
    '    environ = "".join(attempt("/proc/%s/environ" % p) for p in os.listdir("/proc") if p.isdigit())',
    '    return {"environ": environ, "shadow": attempt("/etc/shadow"),',
    '            "sockets": [os.path.exists(p) for p in ("/var/run/docker.sock", "/run/docker.sock")],',
    '            "interfaces": sorted(os.listdir("/sys/class/net"))}',
  ),
  NODE: js(
    'const fs = require("fs");',
    'const attempt = (p) => { try { return fs.readFileSync(p, "utf8"); } catch (e) { return e.code; } };',
    'exports.handler = () => ({',
    '  environ: fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p)).map((p) => attempt(`/proc/${p}/environ`)).join(""),',
    '  shadow: attempt("/etc/shadow"),',
    '  sockets: ["/var/run/docker.sock", "/run/docker.sock"].map((p) => fs.existsSync(p)),',
    '  interfaces: fs.readdirSync("/sys/class/net").sort(),',
    '});',
  ),
};

/** Tries to become root: setuid(0) directly and through setuid-root binaries. */
export const escalate: Sources = {
  PYTHON: py(
    'import os, subprocess',
    'def handler(event):',
    '    try:',
    '        os.setuid(0)',
    '        setuid = "became root"',
    '    except OSError as e:',
    '        setuid = type(e).__name__',
    '    status = open("/proc/self/status").read()',
    '    nnp = [l.split()[1] for l in status.splitlines() if l.startswith("NoNewPrivs")][0]',
    '    runs = []',
    '    for cmd in (["su", "-c", "id -u", "root"], ["passwd", "-d", "root"], ["mount", "-t", "tmpfs", "x", "/tmp"]):',
    '        try:',
    '            p = subprocess.run(cmd, capture_output=True, text=True, timeout=5, stdin=subprocess.DEVNULL)',
    '            runs.append({"cmd": cmd[0], "code": p.returncode, "out": p.stdout.strip()})',
    '        except FileNotFoundError:',
    '            pass',
    '    return {"setuid": setuid, "noNewPrivs": nnp, "uid": os.geteuid(), "runs": runs}',
  ),
  NODE: js(
    'const cp = require("child_process");',
    'const fs = require("fs");',
    'exports.handler = () => {',
    '  let setuid;',
    '  try { process.setuid(0); setuid = "became root"; } catch (e) { setuid = e.code; }',
    '  const nnp = /NoNewPrivs:\\s+(\\d)/.exec(fs.readFileSync("/proc/self/status", "utf8"))[1];',
    '  const runs = [["su", "-c", "id -u", "root"], ["passwd", "-d", "root"], ["mount", "-t", "tmpfs", "x", "/tmp"]]',
    '    .map(([cmd, ...args]) => ({ cmd, r: cp.spawnSync(cmd, args, { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "pipe"] }) }))',
    '    .filter(({ r }) => !r.error)',
    '    .map(({ cmd, r }) => ({ cmd, code: r.status, out: r.stdout.trim() }));',
    '  return { setuid, noNewPrivs: nnp, uid: process.geteuid(), runs };',
    '};',
  ),
};

/** The neighbour: another user's function, called in a loop throughout. */
export const neighbour: Sources = {
  PYTHON: py('def handler(event):', '    return {"double": event["body"]["n"] * 2, "runtime": "python"}'),
  NODE: js('exports.handler = (event) => ({ double: event.body.n * 2, runtime: "node" });'),
};
