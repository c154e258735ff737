import { describe, expect, it } from 'vitest';
import { DisplayRegistry, OutputCollector, stripAnsi, type IopubMessage } from '../../../tools/notebook-runner/outputs.js';

const msg = (msg_type: string, content: Record<string, unknown>): IopubMessage => ({ header: { msg_type }, content });
const stream = (name: string, text: string) => msg('stream', { name, text });
const display = (text: string, displayId?: string) =>
  msg('display_data', {
    data: { 'text/plain': text },
    metadata: {},
    ...(displayId === undefined ? {} : { transient: { display_id: displayId } }),
  });
const update = (text: string, displayId: string) =>
  msg('update_display_data', { data: { 'text/plain': text }, metadata: { updated: true }, transient: { display_id: displayId } });

describe('OutputCollector', () => {
  it('merges consecutive stream messages with the same name only', () => {
    const collector = new OutputCollector();
    for (const message of [
      stream('stdout', 'a\n'),
      stream('stdout', 'b\n'),
      stream('stderr', 'oops\n'),
      stream('stdout', 'c\n'),
      stream('stdout', 'd'),
    ]) {
      collector.handle(message);
    }
    expect(collector.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'stream', name: 'stderr', text: 'oops\n' },
      { output_type: 'stream', name: 'stdout', text: 'c\nd' },
    ]);
    expect(collector.stderrText()).toBe('oops\n');
  });

  it('stores display_data without the transient field', () => {
    const collector = new OutputCollector();
    collector.handle(display('x', 'id-1'));
    expect(collector.outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: {} }]);
  });

  it('applies update_display_data in place to the output with the same display_id', () => {
    const collector = new OutputCollector();
    collector.handle(display('a', 'd1'));
    collector.handle(display('other', 'd2'));
    collector.handle(stream('stdout', 'between\n'));
    collector.handle(update('b', 'd1'));
    collector.handle(update('ignored', 'unknown-id'));
    expect(collector.outputs).toEqual([
      { output_type: 'display_data', data: { 'text/plain': 'b' }, metadata: { updated: true } },
      { output_type: 'display_data', data: { 'text/plain': 'other' }, metadata: {} },
      { output_type: 'stream', name: 'stdout', text: 'between\n' },
    ]);
  });

  it('updates displays of earlier cells through a shared registry', () => {
    const displays = new DisplayRegistry();
    const first = new OutputCollector(displays);
    const second = new OutputCollector(displays);
    first.handle(display('progress 0%', 'bar'));
    second.handle(update('progress 100%', 'bar'));
    expect(first.outputs[0]).toMatchObject({ data: { 'text/plain': 'progress 100%' } });
    expect(second.outputs).toEqual([]);
  });

  it('refreshes earlier outputs when a new display reuses a display_id', () => {
    const collector = new OutputCollector();
    collector.handle(display('one', 'same'));
    collector.handle(display('two', 'same'));
    expect(collector.outputs.map((output) => output.output_type === 'display_data' && output.data['text/plain'])).toEqual([
      'two',
      'two',
    ]);
  });

  it('records execute_result with its execution_count and error outputs', () => {
    const collector = new OutputCollector();
    collector.handle(msg('execute_result', { execution_count: 3, data: { 'text/plain': '42' }, metadata: {} }));
    collector.handle(msg('error', { ename: 'TypeError', evalue: 'x is not a function', traceback: ['line 1', 'line 2'] }));
    expect(collector.outputs).toEqual([
      { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '42' }, metadata: {} },
      { output_type: 'error', ename: 'TypeError', evalue: 'x is not a function', traceback: ['line 1', 'line 2'] },
    ]);
  });

  it('clear_output without wait clears at once', () => {
    const collector = new OutputCollector();
    collector.handle(stream('stdout', 'old\n'));
    collector.handle(msg('clear_output', { wait: false }));
    expect(collector.outputs).toEqual([]);
    collector.handle(stream('stdout', 'new\n'));
    expect(collector.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'new\n' }]);
  });

  it('clear_output with wait clears only when the next output arrives', () => {
    const collector = new OutputCollector();
    collector.handle(stream('stdout', 'frame 1\n'));
    collector.handle(msg('clear_output', { wait: true }));
    expect(collector.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'frame 1\n' }]);
    // The next stream must not be merged into the output that is about to be cleared.
    collector.handle(stream('stdout', 'frame 2\n'));
    expect(collector.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'frame 2\n' }]);
    collector.handle(msg('clear_output', { wait: true }));
    collector.handle(msg('clear_output', { wait: true }));
    collector.handle(display('final'));
    expect(collector.outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': 'final' }, metadata: {} }]);
  });

  it('does not let update_display_data trigger a pending clear, and forgets cleared displays', () => {
    const collector = new OutputCollector();
    collector.handle(display('a', 'd'));
    collector.handle(msg('clear_output', { wait: true }));
    collector.handle(update('b', 'd'));
    expect(collector.outputs).toEqual([{ output_type: 'display_data', data: { 'text/plain': 'b' }, metadata: { updated: true } }]);
    collector.handle(stream('stdout', 'after\n'));
    const cleared = collector.outputs.length;
    expect(cleared).toBe(1);
    collector.handle(update('c', 'd'));
    expect(collector.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'after\n' }]);
  });

  it('ignores messages that carry no output', () => {
    const collector = new OutputCollector();
    collector.handle(msg('status', { execution_state: 'busy' }));
    collector.handle(msg('execute_input', { code: 'x', execution_count: 1 }));
    collector.handle(msg('comm_open', {}));
    expect(collector.outputs).toEqual([]);
  });

  it('does not share mutable data between the message and the stored output', () => {
    const collector = new OutputCollector();
    const message = display('x');
    collector.handle(message);
    (message.content['data'] as Record<string, unknown>)['text/plain'] = 'changed';
    expect(collector.outputs[0]).toMatchObject({ data: { 'text/plain': 'x' } });
  });
});

describe('stripAnsi', () => {
  it('stripAnsi removes colour and cursor codes', () => {
    expect(stripAnsi('\u001b[31mError\u001b[0m: boom\u001b[?25h')).toBe('Error: boom');
  });
});
