/**
 * Assembly of a code cell's outputs, as nbformat v4 stores them, from the
 * IOPub messages a kernel publishes while executing the cell.
 *
 * Behaviour follows Jupyter frontends (and nbclient):
 * - consecutive `stream` messages with the same name merge into one output;
 * - `display_data` / `execute_result` become outputs (the `transient` field is
 *   not stored); `update_display_data` rewrites, in place, every earlier output
 *   that was displayed with the same `transient.display_id`, even in other
 *   cells when the cells share a {@link DisplayRegistry};
 * - `clear_output` empties the cell's outputs, or with `wait: true` empties
 *   them just before the next output arrives;
 * - `error` becomes an error output with ename / evalue / traceback.
 */
import type { JsonObject } from './wire.js';

/** A mime bundle, e.g. `{ "text/plain": "42" }`. */
export type MimeBundle = { [mimeType: string]: unknown };

/** nbformat v4 `stream` output. */
export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: string;
}

/** nbformat v4 `display_data` output. */
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: JsonObject;
}

/** nbformat v4 `execute_result` output. */
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: MimeBundle;
  metadata: JsonObject;
}

/** nbformat v4 `error` output. */
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any nbformat v4 code cell output. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** The parts of an IOPub message that output assembly looks at. */
export interface IopubMessage {
  header: { msg_type: string };
  content: JsonObject;
}

/**
 * Remembers which outputs were displayed under which `display_id`, so that
 * `update_display_data` can find them. Share one registry between all cells
 * of a notebook: display ids are notebook-wide.
 */
export class DisplayRegistry {
  private readonly byId = new Map<string, Set<DisplayDataOutput | ExecuteResultOutput>>();

  /** Records that `output` was displayed under `displayId`. */
  register(displayId: string, output: DisplayDataOutput | ExecuteResultOutput): void {
    let outputs = this.byId.get(displayId);
    if (outputs === undefined) {
      outputs = new Set();
      this.byId.set(displayId, outputs);
    }
    outputs.add(output);
  }

  /** Replaces data and metadata of every output displayed under `displayId`. Returns how many were updated. */
  update(displayId: string, data: MimeBundle, metadata: JsonObject): number {
    const outputs = this.byId.get(displayId);
    if (outputs === undefined) return 0;
    for (const output of outputs) {
      output.data = structuredClone(data);
      output.metadata = structuredClone(metadata);
    }
    return outputs.size;
  }

  /** Forgets outputs that were removed from their cell (by `clear_output`). */
  forget(removed: readonly Output[]): void {
    const gone = new Set<Output>(removed);
    for (const [id, outputs] of this.byId) {
      for (const output of outputs) if (gone.has(output)) outputs.delete(output);
      if (outputs.size === 0) this.byId.delete(id);
    }
  }
}

/** Collects the outputs of one cell execution. */
export class OutputCollector {
  /** The outputs so far, in nbformat v4 shape. */
  readonly outputs: Output[] = [];
  private clearBeforeNextOutput = false;

  /** @param displays registry shared by the cells of a notebook (a private one by default). */
  constructor(private readonly displays: DisplayRegistry = new DisplayRegistry()) {}

  /**
   * Applies one IOPub message. Messages that carry no output
   * (`status`, `execute_input`, comms, ...) are ignored.
   */
  handle(message: IopubMessage): void {
    const content = message.content;
    switch (message.header.msg_type) {
      case 'stream': {
        const name = content['name'] === 'stderr' ? 'stderr' : 'stdout';
        const text = asString(content['text']);
        const last = this.outputs.at(-1);
        if (!this.clearBeforeNextOutput && last?.output_type === 'stream' && last.name === name) {
          last.text += text;
        } else {
          this.append({ output_type: 'stream', name, text });
        }
        return;
      }
      case 'display_data':
      case 'execute_result': {
        const data = asObject(content['data']);
        const metadata = asObject(content['metadata']);
        const output: DisplayDataOutput | ExecuteResultOutput =
          message.header.msg_type === 'display_data'
            ? { output_type: 'display_data', data: structuredClone(data), metadata: structuredClone(metadata) }
            : {
                output_type: 'execute_result',
                execution_count: asCount(content['execution_count']),
                data: structuredClone(data),
                metadata: structuredClone(metadata),
              };
        const displayId = displayIdOf(content);
        if (displayId !== undefined) {
          // A new display with a known id also refreshes the earlier ones.
          this.displays.update(displayId, data, metadata);
          this.displays.register(displayId, output);
        }
        this.append(output);
        return;
      }
      case 'update_display_data': {
        const displayId = displayIdOf(content);
        if (displayId !== undefined) {
          this.displays.update(displayId, asObject(content['data']), asObject(content['metadata']));
        }
        return;
      }
      case 'error':
        this.append({
          output_type: 'error',
          ename: asString(content['ename']),
          evalue: asString(content['evalue']),
          traceback: Array.isArray(content['traceback']) ? content['traceback'].map(asString) : [],
        });
        return;
      case 'clear_output':
        if (content['wait'] === true) {
          this.clearBeforeNextOutput = true;
        } else {
          this.clear();
        }
        return;
      default:
        return;
    }
  }

  /** All `stderr` stream text of the cell so far. */
  stderrText(): string {
    return this.outputs
      .filter((output): output is StreamOutput => output.output_type === 'stream' && output.name === 'stderr')
      .map((output) => output.text)
      .join('');
  }

  private append(output: Output): void {
    if (this.clearBeforeNextOutput) this.clear();
    this.outputs.push(output);
  }

  private clear(): void {
    this.clearBeforeNextOutput = false;
    this.displays.forget(this.outputs.splice(0));
  }
}

function displayIdOf(content: JsonObject): string | undefined {
  const transient = content['transient'];
  if (typeof transient !== 'object' || transient === null) return undefined;
  const id = (transient as JsonObject)['display_id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

function asCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/**
 * Removes ANSI colour and cursor escape sequences, which tracebacks and stderr carry.
 *
 * @example
 * ```ts
 * stripAnsi('\u001b[31mError\u001b[0m: boom'); // 'Error: boom'
 * ```
 */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
