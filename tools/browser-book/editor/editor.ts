/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting, bundled as a classic script
 * (`assets/run/editor.js`) that the page loads on the first edit and that sets
 * `window.backpropTsEditor`. Shift-Enter or Ctrl-Enter runs the cell.
 */
import { basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/** One cell's editor, as the page uses it. */
export interface CellEditor {
  getValue(): string;
  setValue(text: string): void;
  focus(): void;
  destroy(): void;
}

/** Makes an editor in `parent` holding `text`; `onRun` for Shift-Enter and Ctrl-Enter. */
export function createEditor(parent: HTMLElement, text: string, onRun: () => void): CellEditor {
  const run = () => (onRun(), true);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }])),
        basicSetup,
        javascript({ typescript: true }),
        EditorView.lineWrapping,
      ],
    }),
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (value) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

(globalThis as { backpropTsEditor?: { createEditor: typeof createEditor } }).backpropTsEditor = { createEditor };
