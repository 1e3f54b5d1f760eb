import crypto, { type KeyObject } from 'node:crypto';
import type { InvocationTrigger } from '../invocations/invocation.table.js';
import type { AcceptedAttempt, ForwardedCall } from './forward.client.js';

/**
 * The frames of the cluster link (link.client.ts, link.server.ts): each one
 * [u32 length of what follows][u8 type][body], big-endian. A call frame's body starts with a
 * 16-byte MAC (see callMac); what it carries after that:
 *   CALL    u32 id, u32 version, u8 flags (1: input, 2: async attempt), u8 trigger length,
 *           trigger, u16 function id length, function id, u32 attempt JSON length, attempt
 *           JSON, then the input's bytes to the end (the caller's JSON text, as on the HTTP hop)
 *   ANSWER  u32 id, u8 kind (AnswerKind), JSON: the finished row without its input, or
 *           {code, message}
 *   DRAIN   (home -> sender) no new calls on this link; those in flight are still answered
 *   DRAINED (sender -> home) it sends none from now on: the home closes once it has answered
 */
/** Opened with `GET LINK_PATH`, `Upgrade: LINK_PROTOCOL` on the node's own port. */
export const LINK_PATH = '/_cluster/link';
export const LINK_PROTOCOL = 'fnbox-link';

/**
 * The path a sender signs to open a link to the node `nodeId`: the signature then binds the
 * target, so that an upgrade captured on the wire cannot be replayed on another node of the
 * cluster (each node remembers only the nonces it saw).
 */
export const linkPath = (nodeId: string): string => `${LINK_PATH}?to=${encodeURIComponent(nodeId)}`;

export const FrameType = { CALL: 1, ANSWER: 2, DRAIN: 3, DRAINED: 4 } as const;
export const AnswerKind = { RAN: 0, REFUSED: 1, ERROR: 2 } as const;

const MAC_BYTES = 16;
/** Everything in a call frame before its input: length, type, MAC, the fixed fields. */
const CALL_FIXED = 4 + 1 + MAC_BYTES + 4 + 4 + 1 + 1 + 2 + 4;

/**
 * The key of one link: derived from the cluster key and the nonce of the signed upgrade that
 * opened it, so that a frame is valid on its own link only.
 */
export function linkKey(clusterKey: KeyObject, upgradeNonce: string): KeyObject {
  return crypto.createSecretKey(crypto.createHmac('sha256', clusterKey).update(`fnbox link v1\n${upgradeNonce}`).digest());
}

/**
 * A call frame's MAC: HMAC-SHA256 (truncated to 128 bits) under the link's key of its sequence
 * number on the link and its body. Both ends count the calls, so a frame replayed, dropped or
 * reordered on the way no longer matches, and one forged without the key never does.
 */
export function callMac(key: KeyObject, sequence: number, body: Uint8Array): Buffer {
  const counter = Buffer.allocUnsafe(8);
  counter.writeUInt32BE(Math.floor(sequence / 0x1_0000_0000), 0);
  counter.writeUInt32BE(sequence >>> 0, 4);
  return crypto.createHmac('sha256', key).update(counter).update(body).digest().subarray(0, MAC_BYTES);
}

/** The call frame for `call` as call number `sequence` on the link: one buffer, written once. */
export function encodeCall(id: number, call: ForwardedCall, key: KeyObject, sequence: number): Buffer {
  const accepted = call.accepted ? JSON.stringify(call.accepted) : '';
  const acceptedBytes = Buffer.byteLength(accepted);
  const fnBytes = Buffer.byteLength(call.functionId);
  const inputBytes = call.input === null ? 0 : Buffer.byteLength(call.input);
  const frame = Buffer.allocUnsafe(CALL_FIXED + call.trigger.length + fnBytes + acceptedBytes + inputBytes);
  frame.writeUInt32BE(frame.length - 4, 0);
  frame[4] = FrameType.CALL;
  let at = 5 + MAC_BYTES;
  at = frame.writeUInt32BE(id, at);
  at = frame.writeUInt32BE(call.version, at);
  frame[at++] = (call.input === null ? 0 : 1) | (call.accepted ? 2 : 0);
  frame[at++] = call.trigger.length;
  at += frame.write(call.trigger, at, 'latin1');
  at = frame.writeUInt16BE(fnBytes, at);
  at += frame.write(call.functionId, at, 'utf8');
  at = frame.writeUInt32BE(acceptedBytes, at);
  at += frame.write(accepted, at, 'utf8');
  if (call.input !== null) frame.write(call.input, at, 'utf8');
  callMac(key, sequence, frame.subarray(5 + MAC_BYTES)).copy(frame, 5);
  return frame;
}

/** A call frame's body (after length and type), checked against its MAC; throws on anything malformed. */
export function decodeCall(body: Buffer, key: KeyObject, sequence: number): { id: number; call: ForwardedCall } {
  if (body.length < CALL_FIXED - 5) throw new FrameError('call frame too short');
  const signed = body.subarray(MAC_BYTES);
  if (!crypto.timingSafeEqual(body.subarray(0, MAC_BYTES), callMac(key, sequence, signed))) throw new FrameError('call frame with an invalid MAC (forged, replayed or out of order)');
  let at = 0;
  const id = signed.readUInt32BE(at);
  const version = signed.readUInt32BE((at += 4));
  const flags = signed[(at += 4)]!;
  const triggerLength = signed[++at]!;
  const trigger = field(signed, ++at, triggerLength, 'latin1') as InvocationTrigger;
  const fnLength = signed.readUInt16BE((at += triggerLength));
  const functionId = field(signed, (at += 2), fnLength, 'utf8');
  const acceptedLength = signed.readUInt32BE((at += fnLength));
  const accepted = flags & 2 ? (JSON.parse(field(signed, (at += 4), acceptedLength, 'utf8')) as AcceptedAttempt) : ((at += 4), undefined);
  at += acceptedLength;
  const input = flags & 1 ? signed.toString('utf8', at) : null;
  return { id, call: { functionId, version, trigger, input, ...(accepted ? { accepted } : {}) } };
}

function field(body: Buffer, at: number, length: number, encoding: 'utf8' | 'latin1'): string {
  if (at + length > body.length) throw new FrameError('field past the end of its frame');
  return body.toString(encoding, at, at + length);
}

/** An answer frame: `json` is the finished row (without input) or {code, message}. */
export function encodeAnswer(id: number, kind: number, json: string): Buffer {
  const frame = Buffer.allocUnsafe(4 + 1 + 4 + 1 + Buffer.byteLength(json));
  frame.writeUInt32BE(frame.length - 4, 0);
  frame[4] = FrameType.ANSWER;
  frame.writeUInt32BE(id, 5);
  frame[9] = kind;
  frame.write(json, 10, 'utf8');
  return frame;
}

export function decodeAnswer(body: Buffer): { id: number; kind: number; json: string } {
  if (body.length < 5) throw new FrameError('answer frame too short');
  return { id: body.readUInt32BE(0), kind: body[4]!, json: body.toString('utf8', 5) };
}

/** A frame with no body (DRAIN, DRAINED). */
export const controlFrame = (type: number): Buffer => Buffer.from([0, 0, 0, 1, type]);

/** A frame the other end could not have sent (a bug, or an attacker): the link closes. */
export class FrameError extends Error {}
