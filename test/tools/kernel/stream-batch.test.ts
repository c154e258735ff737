import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_CHARS, StreamBatch, streamBatching } from '../../../tools/kernel/stream-batch.js';
import { deserialize } from '../../../tools/notebook-runner/wire.js';

const KEY = 'stream-batch-test-key';
const PARENT = { msg_id: 'request-1', msg_type: 'execute_request', session: 's', username: 'u', date: '2026-01-01T00:00:00Z', version: '5.3' };

/** A message framed exactly as tslab's `signAndSend` frames it: identity Buffers, then strings. */
function tslabFrames(msgType: string, content: object, parent: object = PARENT): unknown[] {
  const header = { version: '5.3', date: new Date().toISOString(), session: 's', username: 'u', msg_type: msgType, msg_id: randomBytes(16).toString('hex') };
  const bodies = [JSON.stringify(header), JSON.stringify(parent), JSON.stringify({}), JSON.stringify(content)];
  const hmac = createHmac('sha256', KEY);
  for (const body of bodies) hmac.update(body);
  return [Buffer.from('client-identity'), '<IDS|MSG>', hmac.digest('hex'), ...bodies];
}

const stream = (text: string, name = 'stdout', parent: object = PARENT) => tslabFrames('stream', { name, text }, parent);
const asBuffers = (frames: unknown[]) => frames.map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(String(f))));

describe('StreamBatch', () => {
  it('StreamBatch.parse(frames) reads a stream message and nothing else', () => {
    expect(StreamBatch.parse(stream('hi\n'))).toMatchObject({ name: 'stdout', count: 1 });
    expect(StreamBatch.parse(stream('oops\n', 'stderr'))?.name).toBe('stderr');
    expect(StreamBatch.parse(asBuffers(stream('hi\n')))?.name).toBe('stdout');
    expect(StreamBatch.parse(tslabFrames('display_data', { data: { 'text/plain': 'x' }, metadata: {} }))).toBeUndefined();
    expect(StreamBatch.parse(tslabFrames('status', { execution_state: 'idle' }))).toBeUndefined();
    expect(StreamBatch.parse([...stream('hi\n'), 'an extra buffer'])).toBeUndefined();
    expect(StreamBatch.parse(['<IDS|MSG>', 'sig', '{"msg_type":"stream"}', '{}', '{}', 'not json'])).toBeUndefined();
    expect(StreamBatch.parse('not frames')).toBeUndefined();
  });

  it('toFrames(key) of a batch of one is the message as it was', () => {
    const frames = stream('hi\n');
    expect(StreamBatch.parse(frames)!.toFrames(KEY)).toEqual(frames);
  });

  it('append(next) joins the text under the first header, validly signed again', () => {
    const first = stream('a\n');
    const batch = StreamBatch.parse(first)!;
    expect(batch.append(StreamBatch.parse(stream('b\n'))!)).toBe(true);
    expect(batch.append(StreamBatch.parse(stream('c\n'))!)).toBe(true);
    expect(batch.count).toBe(3);
    const message = deserialize(asBuffers(batch.toFrames(KEY)), KEY); // throws on a bad signature
    expect(message.content).toEqual({ name: 'stdout', text: 'a\nb\nc\n' });
    expect(message.header).toEqual(JSON.parse(String(first[3])));
    expect(message.parent_header).toEqual(PARENT);
    expect(message.identities.map(String)).toEqual(['client-identity']);
  });

  it('append(next) refuses another stream, another request, and text past MAX_BATCH_CHARS', () => {
    const batch = StreamBatch.parse(stream('a\n'))!;
    expect(batch.append(StreamBatch.parse(stream('e\n', 'stderr'))!)).toBe(false);
    expect(batch.append(StreamBatch.parse(stream('b\n', 'stdout', { ...PARENT, msg_id: 'request-2' }))!)).toBe(false);
    expect(batch.append(StreamBatch.parse(stream('x'.repeat(MAX_BATCH_CHARS)))!)).toBe(false);
    expect(batch.count).toBe(1);
  });

  it('streamBatching.merge folds only a stream batch into a stream batch', () => {
    const a = StreamBatch.parse(stream('a\n'))!;
    const b = StreamBatch.parse(stream('b\n'))!;
    const display = tslabFrames('display_data', { data: {}, metadata: {} });
    expect(streamBatching.merge(a, b)).toBe(a);
    expect(streamBatching.merge(a, display)).toBeUndefined();
    expect(streamBatching.merge(display, a)).toBeUndefined();
    expect(streamBatching.canGrow(a)).toBe(true);
    expect(streamBatching.canGrow(display)).toBe(false);
  });
});
