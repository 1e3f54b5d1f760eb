// fnbox Node agent: loaded once per container, serves invocations one at a time.
//
// Protocol (see server/executor/runtime.channel.ts): the host writes one JSON message per
// line on stdin; the agent answers with frames "\n" + MARKER + json + "\n" on stdout.
// MARKER is random per container and arrives in the hello message, so nothing a function
// prints can pass for a frame. Node cannot dup2 fds 1/2 without a native addon, so the
// function's output is captured by replacing process.stdout/stderr.write (console uses them)
// and capped here; output of child processes that write to the inherited fds reaches the
// host unframed and is attributed (and capped) there.
// When the hello names a socket (server/executor/agent.sockets.ts), the agent connects to it
// and all later messages and frames use it instead of stdin/stdout; stdout and stderr then
// carry only such unframed output, and a fence is written behind it only when an invocation
// may have produced some (it spawned a child or wrote to fd 1/2 directly).
// Written for Node 18+: no flags, no experimental APIs.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import childProcess from 'node:child_process';
import net from 'node:net';
import { Readable } from 'node:stream';

const USER_FILE = 'handler.js';
const WORK_DIR = '/tmp/.fnbox';
/** A bundle's files (a tmpfs, see server/executor/container.hardening.ts), as in Lambda. */
const TASK_ROOT = '/var/task';
const CGROUP_PEAK = ['/sys/fs/cgroup/memory/memory.max_usage_in_bytes', '/sys/fs/cgroup/memory.peak'];
const CGROUP_TASKS = ['/sys/fs/cgroup/pids/pids.current', '/sys/fs/cgroup/pids.current'];
const TMP_MIN_FREE = 1024 * 1024;
const SHM_DIR = '/dev/shm';
// An ES module cannot be evaluated twice, so an ESM script reruns as a new module instance
// (a new URL) that Node keeps forever: after this many the container retires, bounding memory.
const ESM_RERUNS_PER_CONTAINER = 100;
/** How often a running invocation's logs go to the host. */
const STREAM_EVERY_MS = 200;
const ESM_HINT = /import statement outside a module|Unexpected token 'export'|import\.meta|await is only valid|Cannot use import/;

const realStderrWrite = process.stderr.write.bind(process.stderr);
const rawWriteSync = fs.writeSync; // before the watch() wrappers below
const spawnSync = childProcess.spawnSync;
/** Frames on stdout: written whole before anything else runs (see syncWriter). */
const stdoutFrames = syncWriter(1);
/** Where frames go: stdout until the direct socket connects. */
let writeFrame = stdoutFrames;

// Output that can bypass the capture (children on inherited fds, raw writes to fd 1/2, files
// opened on the process's own stdout/stderr) marks the invocation, so its result waits for a
// fence behind that output. Once a child process has run or such a file was opened, every
// later result is fenced too: a background child, or a kept fd, may still write.
let bypassedCapture = false;
let childrenStarted = false;
let stdioOpened = false;
const OWN_STDIO = /^\/(dev\/(stdout|stderr|fd\/[12])|proc\/(self|\d+)\/fd\/[12])$/;
/** A wrapper that keeps the original's own properties (util.promisify.custom above all). */
function watch(target, name, isBypass) {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapper = function (...args) {
    if (isBypass(args[0])) bypassedCapture = true;
    return original.apply(this, args);
  };
  Object.defineProperties(wrapper, Object.getOwnPropertyDescriptors(original));
  target[name] = wrapper;
}
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  watch(childProcess, name, () => (childrenStarted = true));
}
const ownStdio = (target) => target === 1 || target === 2 || (typeof target === 'string' && OWN_STDIO.test(target))
  || (target instanceof URL && OWN_STDIO.test(target.pathname));
const opensStdio = (target) => ownStdio(target) && (stdioOpened = true);
for (const name of ['write', 'writeSync', 'writev', 'writevSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync']) {
  watch(fs, name, ownStdio);
}
for (const name of ['open', 'openSync', 'createWriteStream']) watch(fs, name, opensStdio);
for (const name of ['writeFile', 'appendFile']) watch(fs.promises, name, ownStdio);
watch(fs.promises, 'open', opensStdio);
watch(process, '_rawDebug', () => true);
syncBuiltinESMExports(); // ESM imports of node:child_process / node:fs see the wrappers too
let marker = '';
let maxLogBytes = 256 * 1024;
let maxResultBytes = 6 * 1024 * 1024;

function send(obj, rawResult) {
  let body = JSON.stringify(obj);
  if (rawResult !== undefined) body = `${body.slice(0, -1)},"result":${rawResult}}`;
  writeFrame(`\n${marker}${body}\n`);
}

/** Per-invocation capture of everything written to process.stdout / process.stderr. */
const capture = {
  active: false, parts: [], bytes: 0, total: 0, stdout: [], stdoutBytes: 0, invocationId: undefined, streamTimer: undefined, streamedAt: 0,
  begin(id) {
    Object.assign(this, { active: true, parts: [], bytes: 0, total: 0, stdout: [], stdoutBytes: 0, invocationId: id, streamedAt: performance.now() });
    this.armStream();
  },
  take(chunk, isStdout, encoding) {
    if (!this.active) return;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const size = Buffer.byteLength(text);
    this.total += size;
    // A script's stdout is its result: keep it (bounded) in case the code turns out to be a script.
    if (isStdout && this.stdoutBytes <= maxResultBytes) { this.stdout.push(text); this.stdoutBytes += size; }
    if (this.bytes < maxLogBytes) {
      const kept = size <= maxLogBytes - this.bytes ? text : Buffer.from(text).subarray(0, maxLogBytes - this.bytes).toString();
      this.parts.push(kept);
      this.bytes += Buffer.byteLength(kept);
    }
    // Checked here too: a function that never yields (a CPU-bound loop until its timeout)
    // never lets the timer run, and its logs would die with the container.
    if (performance.now() - this.streamedAt >= STREAM_EVERY_MS) this.stream();
  },
  // Long invocations forward their logs as they go, so a timeout does not lose them.
  armStream() {
    clearTimeout(this.streamTimer);
    this.streamTimer = setTimeout(() => {
      if (!this.active) return;
      this.stream();
      this.armStream();
    }, STREAM_EVERY_MS);
    this.streamTimer.unref?.();
  },
  stream() {
    this.streamedAt = performance.now();
    if (!this.parts.length) return;
    // Cut at the cap: said now, as a timeout may end the call before any result does.
    const truncated = this.total > maxLogBytes ? { truncated: true } : {};
    send({ t: 'log', id: this.invocationId, data: this.parts.splice(0).join(''), ...truncated });
  },
  finish() {
    clearTimeout(this.streamTimer);
    this.active = false;
    let logs = this.parts.join('');
    const truncated = this.total > maxLogBytes;
    if (truncated) logs += `\n[fnbox: logs truncated after ${maxLogBytes} bytes]`;
    this.parts = [];
    return { logs, logsTruncated: truncated };
  },
};
const patchWrite = (stream, isStdout) => {
  stream.write = (chunk, encoding, callback) => {
    capture.take(chunk, isStdout, encoding);
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') process.nextTick(cb);
    return true;
  };
};
patchWrite(process.stdout, true);
patchWrite(process.stderr, false);

let fnInfo = { name: '', version: 0, memoryMb: 0 };
let handler; // function when the code exports a handler
let scriptMode = false;
let runScript; // () => Promise<void>, reruns the script body
let loadError;
let initMs;
let invocationId;

// A function that calls process.exit keeps what it printed: the logs ride on the exit frame,
// sent after every 'exit' listener (the function's own may still print).
const sendExit = (code) => send({ t: 'exit', id: invocationId, code, ...(capture.active ? capture.finish() : {}) });
const reallyExit = process.reallyExit;
if (typeof reallyExit === 'function') {
  process.reallyExit = (code) => {
    sendExit(code);
    reallyExit.call(process, code);
  };
} else {
  process.on('exit', sendExit);
}
// Errors escaping the handler's promise chain (e.g. a throw inside setTimeout) fail the invocation.
let pendingReject;
process.on('uncaughtException', (err) => pendingReject ? pendingReject(err) : capture.take(`${formatError(err)}\n`, false));
process.on('unhandledRejection', (err) => pendingReject ? pendingReject(err) : capture.take(`${formatError(err)}\n`, false));

function userLocation(text) {
  return String(text).split(pathToFileURL(WORK_DIR).href + '/').join('').split(`${WORK_DIR}/`).join('')
    .split(pathToFileURL(TASK_ROOT).href + '/').join('').split(`${TASK_ROOT}/`).join('')
    .replace(/handler-\d+\.mjs(\?run=\d+)?/g, 'handler.mjs');
}

/** Readable error: message plus the stack trimmed to the user's frames. */
function formatError(err) {
  if (!(err instanceof Error)) return `Error: ${typeof err === 'string' ? err : safeJson(err)}`;
  const stack = String(err.stack || `${err.name}: ${err.message}`);
  if (err instanceof SyntaxError || err.name === 'SyntaxError') {
    const inBundle = new RegExp(`${TASK_ROOT}/([^:\\s]+):(\\d+)`).exec(stack);
    if (inBundle) return `SyntaxError: ${err.message} (${inBundle[1]}, line ${inBundle[2]})`;
    const where = /(handler\.m?js|handler-\d+\.mjs):(\d+)/.exec(stack);
    // An unclosed block is reported on the wrapper's closing line, one past the user's last line.
    const line = where && Math.min(Number(where[2]), userLineCount);
    return where ? `SyntaxError: ${err.message} (${userLocation(where[1])}, line ${line})` : `SyntaxError: ${err.message}`;
  }
  const lines = stack.split('\n');
  const kept = [lines[0]];
  for (const line of lines.slice(1)) {
    if (!/^\s+at /.test(line)) { kept.push(line); continue; }
    if (line.includes('/opt/fnbox/') || line.includes('agent.mjs') || line.includes('node:')) break;
    kept.push(line);
  }
  return userLocation(kept.join('\n'));
}

function safeJson(value) {
  try { return JSON.stringify(value); } catch { return String(value); }
}

let filesStarted;
/** One chunk of a bundle file, written under the task root as it comes. */
function writeBundleFile(msg) {
  filesStarted ??= performance.now();
  const target = path.resolve(TASK_ROOT, msg.path);
  if (!target.startsWith(`${TASK_ROOT}/`)) return; // the host validated every path; never write outside the root all the same
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const data = Buffer.from(msg.data, 'base64');
    if (msg.append) fs.appendFileSync(target, data); else fs.writeFileSync(target, data);
    if (msg.executable) fs.chmodSync(target, 0o755);
  } catch (err) {
    loadError ??= `Could not unpack the bundle at ${msg.path}: ${err.message}`;
  }
}

async function load(msg) {
  fnInfo = msg;
  for (const [k, v] of Object.entries(msg.env || {})) process.env[k] = String(v);
  const started = filesStarted ?? performance.now();
  capture.begin(undefined); // module-level output belongs to the first invocation
  try {
    if (msg.handlerFile) {
      if (loadError === undefined) await loadBundle(msg.handlerFile, msg.exportName);
    } else {
      await compileAndRun(msg.code);
    }
  } catch (err) {
    loadError = err && err.fnboxMessage ? err.fnboxMessage : formatError(err);
  }
  initMs = Math.round((performance.now() - started) * 1000) / 1000;
}

/**
 * Lambda's layout: the bundle at the task root, which is also the cwd. The handler file is
 * required (CommonJS: it requires relative files and JSON as usual) or, when Node says it is
 * an ES module (.mjs, or "type": "module" in a bundled package.json), imported.
 */
async function loadBundle(file, exportName) {
  makeReadOnly(TASK_ROOT);
  process.chdir(TASK_ROOT);
  const full = path.join(TASK_ROOT, file);
  let exported;
  try {
    exported = createRequire(full)(full);
  } catch (err) {
    if (!err || err.code !== 'ERR_REQUIRE_ESM') throw err;
    exported = await import(pathToFileURL(full).href);
  }
  const fn = exported == null ? undefined : exported[exportName];
  if (typeof fn !== 'function') throw Object.assign(new Error(), { fnboxMessage: `Handler not found: ${file} exports no function ${exportName}` });
  handler = fn;
}

/**
 * Bundle files 0444 (0555 if executable), directories 0555: the function's code is not its
 * scratch space (/tmp is). It owns the files, so this guards against accidents only; the
 * container serves this one function version and nobody else.
 */
function makeReadOnly(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    if (entry.isDirectory()) makeReadOnly(target);
    else fs.chmodSync(target, fs.statSync(target).mode & 0o100 ? 0o555 : 0o444);
  }
  fs.chmodSync(dir, 0o555);
}

let runs = 0;
let userLineCount = Infinity;
async function compileAndRun(code) {
  let fnBody;
  userLineCount = code.split('\n').length;
  try {
    // The wrapper stays on the user's first line so line numbers match their code.
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, event, context) {${code}\n})`, { filename: USER_FILE });
    fnBody = script.runInThisContext();
  } catch (err) {
    if (!(err instanceof SyntaxError) || !ESM_HINT.test(err.message)) throw err;
    return loadEsm(code);
  }
  const filename = path.join(WORK_DIR, USER_FILE);
  const requireFn = createRequire(filename);
  runScript = async () => {
    const module = { exports: {} };
    fnBody.call(module.exports, module.exports, requireFn, module, filename, WORK_DIR, undefined, undefined);
    return module.exports;
  };
  const exported = await runScript();
  handler = pickHandler(exported, exported);
  scriptMode = !handler;
  // The load run already was the script's first run; the first invocation reuses its output.
  if (scriptMode) await settle();
}

async function loadEsm(code) {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, `handler-${process.pid}.mjs`);
  fs.writeFileSync(file, code);
  const url = pathToFileURL(file).href;
  runScript = () => import(`${url}?run=${++runs}`); // a new URL re-evaluates the module body
  let ns;
  try {
    ns = await import(url);
  } catch (err) {
    if (err instanceof SyntaxError) throw locateEsmSyntaxError(err, file);
    throw err;
  }
  handler = pickHandler(ns.handler, ns.default);
  scriptMode = !handler;
  if (scriptMode) await settle();
}

/** import() hides where a syntax error is; `node --check` prints it (error path only). */
function locateEsmSyntaxError(err, file) {
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 5000 });
  const where = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(check.stderr || '');
  if (where) err.stack = `handler.mjs:${where[1]}\n${err.stack}`;
  return err;
}

function pickHandler(named, fallback) {
  if (typeof named === 'function') return named;
  if (named && typeof named.handler === 'function') return named.handler;
  if (typeof fallback === 'function') return fallback;
  if (fallback && typeof fallback.handler === 'function') return fallback.handler;
  return undefined;
}

/** Lets a script's pending callbacks (timers at 0, promise chains) print before we read stdout. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * An fd kept open for positioned reads: re-reading a cgroup file at offset 0 gives a fresh
 * value in one pread, where readFileSync costs an open, fstat, read and close every call.
 */
function openFirst(files) {
  for (const file of files) {
    try { return fs.openSync(file, 'r'); } catch { /* not here */ }
  }
  return -1;
}
const counterText = Buffer.alloc(64);
function readCounter(fd) {
  try {
    const n = fs.readSync(fd, counterText, 0, counterText.length, 0);
    const value = n > 0 ? Number(counterText.toString('latin1', 0, n)) : NaN;
    return Number.isFinite(value) ? value : undefined;
  } catch { return undefined; }
}
const peakFd = openFirst(CGROUP_PEAK);
const tasksFd = openFirst(CGROUP_TASKS);
/** The container's tasks (threads included) when idle; set at hello. */
let baselineTasks;

function cgroupPeakMb() {
  const peak = peakFd >= 0 ? readCounter(peakFd) : undefined;
  if (peak !== undefined) return Math.round(peak / 104857.6) / 10;
  return Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
}

// Only meaningful in a container, where the agent is PID 1 or the child of the engine's init
// (PID 1); elsewhere /proc shows the host. The cgroup's task count answers the common case;
// /proc is listed only when it grew.
function hasStrayProcesses() {
  if (process.pid !== 1 && process.ppid !== 1) return false;
  if (tasksFd >= 0 && baselineTasks !== undefined) {
    const tasks = readCounter(tasksFd);
    if (tasks !== undefined && tasks <= baselineTasks) return false;
  }
  const ours = new Set(['1', String(process.pid)]);
  try { return fs.readdirSync('/proc').some((p) => /^\d+$/.test(p) && !ours.has(p)); } catch { return false; }
}

/** A full /tmp (ENOSPC) would break every later call of a warm container: start afresh. */
function tmpFull() {
  if (typeof fs.statfsSync !== 'function') return false;
  try { const st = fs.statfsSync('/tmp'); return st.bavail * st.bsize < TMP_MIN_FREE; } catch { return false; }
}

/**
 * /dev/shm (1 MB of the container's 32 MB of writable space) is emptied after each invocation:
 * what a call put there does not outlive it. Checked after the result is sent, with one fstat
 * of a kept fd: an entry made or removed changes the directory's mtime, and on tmpfs its size
 * (which also catches a change within the same clock tick as the last wipe).
 */
const shm = { fd: -1, seen: '' };
const shmState = () => { const st = fs.fstatSync(shm.fd); return `${st.mtimeMs}/${st.size}`; };
try {
  shm.fd = fs.openSync(SHM_DIR, 'r');
  shm.seen = shmState();
} catch { shm.fd = -1; /* no /dev/shm: nothing to empty */ }
function wipeShm() {
  if (shm.fd < 0) return;
  try {
    if (shmState() === shm.seen) return;
    for (const name of fs.readdirSync(SHM_DIR)) fs.rmSync(path.join(SHM_DIR, name), { recursive: true, force: true });
    shm.seen = shmState();
  } catch { /* the function closed our fd, or left what it cannot remove: tried */ }
}

async function invoke(msg) {
  invocationId = msg.id;
  // Over stdout every result is fenced (stderr is a separate pipe).
  bypassedCapture = !direct || childrenStarted || stdioOpened;
  const deadline = performance.now() + (msg.timeoutMs ?? 30000);
  const firstAfterLoad = initMs !== undefined;
  if (firstAfterLoad) capture.invocationId = msg.id; else capture.begin(msg.id);
  const reply = { t: 'result', id: msg.id, ok: false };
  const cpu0 = process.cpuUsage();
  let raw;
  try {
    if (loadError !== undefined) throw Object.assign(new Error(), { fnboxMessage: loadError });
    let value;
    if (scriptMode) {
      if (!firstAfterLoad) { await runScript(); await settle(); }
      if (capture.stdoutBytes > maxResultBytes) throw Object.assign(new Error(), { fnboxMessage: `Result (script output) is above the ${maxResultBytes}-byte limit` });
      const out = capture.stdout.join('').trim();
      value = out === '' ? null : parseMaybeJson(out);
    } else {
      const context = {
        functionName: fnInfo.name, functionVersion: String(fnInfo.version), invocationId: msg.id,
        awsRequestId: msg.id, memoryLimitMb: fnInfo.memoryMb, memoryLimitInMB: fnInfo.memoryMb,
        getRemainingTimeMs: () => Math.max(0, Math.round(deadline - performance.now())),
        getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
        invoke: (target, event, options) => callFunction(msg.id, target, event, options),
      };
      value = await new Promise((resolve, reject) => {
        pendingReject = reject;
        Promise.resolve().then(() => callHandler(msg.event, context)).then(resolve, reject);
      });
    }
    raw = encodeResult(value, reply);
  } catch (err) {
    reply.error = err && err.fnboxMessage ? err.fnboxMessage : formatError(err);
    if (err instanceof RangeError && /allocation failed|Array buffer allocation/i.test(err.message)) reply.oom = true;
  } finally {
    pendingReject = undefined;
  }
  const cpu = process.cpuUsage(cpu0);
  reply.cpuMs = Math.round((cpu.user + cpu.system) / 10) / 100;
  Object.assign(reply, capture.finish(), { memoryPeakMb: cgroupPeakMb() });
  if (firstAfterLoad) { reply.initMs = initMs; initMs = undefined; }
  const strayProcesses = hasStrayProcesses();
  if (strayProcesses || tmpFull() || (scriptMode && runs >= ESM_RERUNS_PER_CONTAINER)) reply.dirty = true;
  invocationId = undefined;
  // Child processes may have written to the inherited stdout/stderr, pipes separate from the
  // frames' channel: fences go down them behind that output, so the host knows it has it all.
  if (bypassedCapture || childrenStarted || stdioOpened || strayProcesses) {
    const fence = `\n${marker}${JSON.stringify({ t: 'fence', id: msg.id })}\n`;
    if (direct) stdoutFrames(fence);
    realStderrWrite(fence);
    reply.fence = direct ? 2 : 1;
  }
  send(reply, raw);
  wipeShm();
}

/**
 * context.invoke(nameOrId, event, {async}): a `call` frame out, its `callResult` back (handled
 * as it arrives, not queued behind the invocation that waits for it). Resolves with the
 * callee's result, or with its invocation id when async; rejects with an Error carrying the
 * callee's error (`status`: ERROR, TIMEOUT, OOM) or the refusal's `code`.
 */
const calls = new Map();
let nextCallId = 0;
function callFunction(invocation, target, event, options) {
  if (typeof target !== 'string') return Promise.reject(new TypeError('context.invoke needs a function name or id'));
  const isAsync = Boolean(options && options.async);
  const callId = ++nextCallId;
  return new Promise((resolve, reject) => {
    calls.set(callId, (reply) => {
      if (!reply.ok) {
        const err = new Error(reply.error || 'context.invoke failed');
        err.name = 'InvokeError';
        return reject(Object.assign(err, { invocationId: reply.invocationId, status: reply.status, code: reply.code }));
      }
      resolve(isAsync ? reply.invocationId : reply.result);
    });
    try {
      send({ t: 'call', id: invocation, callId, target, async: isAsync, event: event === undefined ? null : event });
    } catch (err) {
      calls.delete(callId);
      reject(err); // e.g. an event that is not JSON-serialisable
    }
  });
}
function answerCall(msg) {
  const settle = calls.get(msg.callId);
  if (!settle) return;
  calls.delete(msg.callId);
  settle(msg);
}

/** Lambda's callback style too: a handler declaring a third parameter may answer through it. */
function callHandler(event, context) {
  if (handler.length < 3) return handler(event, context);
  return new Promise((resolve, reject) => {
    const out = handler(event, context, (err, result) => (err ? reject(err) : resolve(result)));
    if (out && typeof out.then === 'function') out.then(resolve, reject);
  });
}

/** A `{statusCode, body: Buffer}` response travels as base64 (JSON would make a Buffer `{type, data}`). */
function binaryBody(value) {
  if (!value || typeof value !== 'object' || !(value.body instanceof Uint8Array)) return value;
  const bytes = Buffer.from(value.body.buffer, value.body.byteOffset, value.body.byteLength);
  return { ...value, body: bytes.toString('base64'), isBase64Encoded: true };
}

function parseMaybeJson(text) {
  try { return JSON.parse(text); } catch { return text; }
}

function encodeResult(value, reply) {
  let raw;
  try {
    raw = JSON.stringify(value === undefined ? null : binaryBody(value));
  } catch (err) {
    reply.error = `Result is not JSON-serialisable: ${err && err.message}`;
    return undefined;
  }
  if (raw === undefined) raw = 'null'; // e.g. a function as the result
  if (raw.length > maxResultBytes || Buffer.byteLength(raw) > maxResultBytes) {
    const size = Buffer.byteLength(raw);
    if (size > maxResultBytes) {
      reply.error = `Result is ${size} bytes, above the ${maxResultBytes}-byte limit`;
      return undefined;
    }
  }
  reply.ok = true;
  return raw;
}

// Messages are handled strictly one after another (load must finish before invoke).
let queue = Promise.resolve();
function handle(line) {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    // Only a call's answer can carry text the host did not write (a callee's forged result).
    const callId = /^\{"t":"callResult","callId":(\d+)/.exec(line);
    if (callId) return answerCall({ callId: Number(callId[1]), ok: false, error: "The callee's result is not JSON" });
    throw err;
  }
  if (msg.t === 'callResult') return answerCall(msg);
  queue = queue.then(() => dispatch(msg)).catch((err) => stdoutFrames(`agent error: ${err && err.stack}\n`));
}
async function dispatch(msg) {
  switch (msg.t) {
    case 'invoke': return invoke(msg);
    case 'file': return writeBundleFile(msg);
    case 'load': return load(msg);
    case 'hello': {
      marker = msg.marker;
      maxLogBytes = msg.maxLogBytes ?? maxLogBytes;
      maxResultBytes = msg.maxResultBytes ?? maxResultBytes;
      const socketError = msg.socket ? await connectDirect(msg.socket) : undefined;
      if (tasksFd >= 0) baselineTasks = readCounter(tasksFd);
      return send({ t: 'ready', pid: process.pid, ...(socketError ? { socketError } : {}) });
    }
    case 'ping': return send({ t: 'pong' });
  }
}

// The protocol owns stdin: user code that reads process.stdin gets an empty stream instead.
const protocolIn = process.stdin;
Object.defineProperty(process, 'stdin', { value: Readable.from([]), configurable: true });
let pending = '';
function onProtocolData(chunk) {
  // Only the new chunk is scanned for newlines: a multi-MB event arrives in many chunks.
  let nl = chunk.indexOf('\n');
  if (nl < 0) { pending += chunk; return; }
  handle(pending + chunk.slice(0, nl));
  let start = nl + 1;
  while ((nl = chunk.indexOf('\n', start)) >= 0) { handle(chunk.slice(start, nl)); start = nl + 1; }
  pending = chunk.slice(start);
}
const exitWhenDone = () => { queue = queue.then(() => process.exit(0)); };
protocolIn.setEncoding('utf8');
protocolIn.on('data', onProtocolData);
protocolIn.on('end', exitWhenDone);

/** The direct socket to the host, once connected. */
let direct;
/**
 * Frames go out synchronously, on the socket and on stdout alike: whole, in order, and none
 * left in a userland buffer when the function calls process.exit (an exit frame carries up
 * to maxLogBytes of logs, more than a pipe's or a socket's kernel buffer holds; Node's own
 * stream writes queue what does not fit, and exit drops the queue). When the fd is
 * non-blocking and the host has not read yet, wait a millisecond and go on.
 */
function syncWriter(fd) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return (text) => {
    const data = Buffer.from(text);
    for (let offset = 0; offset < data.length;) {
      try {
        offset += rawWriteSync(fd, data, offset);
      } catch (err) {
        if (err.code !== 'EAGAIN') { // the host is gone
          writeFrame = () => {};
          process.exit(1);
          return;
        }
        Atomics.wait(pause, 0, 0, 1);
      }
    }
  };
}
/** Connects to the host's socket; resolves to an error message when that is not possible. */
function connectDirect(file) {
  return new Promise((resolve) => {
    const socket = net.createConnection(file);
    socket.once('error', (err) => resolve(`${file}: ${err.message}`));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => process.exit(1)); // the host is gone
      socket.setNoDelay?.(true);
      socket.setEncoding('utf8');
      socket.on('data', onProtocolData);
      socket.on('end', exitWhenDone);
      direct = socket;
      const fd = socket._handle?.fd;
      writeFrame = typeof fd === 'number' && fd >= 0 ? syncWriter(fd) : (text) => socket.write(text);
      resolve(undefined);
    });
  });
}
