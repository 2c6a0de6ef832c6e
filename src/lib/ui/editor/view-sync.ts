// The editor follows the page's view: Monaco's theme tracks <html data-theme> (our light theme, or the dark one
// defined here in the same hues) and its font size tracks <html data-presenter> (large type for a projector).
// Used only by the lazily loaded monaco.ts; it watches the attributes that shell/view-prefs.ts sets, so the
// editor component needs no wiring of its own.

import type * as Monaco from 'monaco-editor/editor';
import { LIGHT_THEME } from './nasm-language';

export const DARK_THEME = 'hyperstep-dark';

/** Editor type sizes in px: normal, and presenter mode (about the 125% the rest of the page scales by, and
 *  then some: code is what the room reads). */
const NORMAL_TYPE = { fontSize: 14, lineHeight: 21 };
const PRESENTER_TYPE = { fontSize: 19, lineHeight: 28 };

/** The dark counterpart of nasm-language.ts's light theme: same token roles, hues lifted for a dark ground,
 *  every token ≥ 4.5:1 on the background (app.css's --surface). */
export const darkTheme: Monaco.editor.IStandaloneThemeData = {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: '', foreground: 'e4e8ef' },
    { token: 'comment', foreground: '949fb1', fontStyle: 'italic' },
    { token: 'keyword', foreground: '8ab0ff', fontStyle: 'bold' },
    { token: 'keyword.directive', foreground: 'c4a5ff' },
    { token: 'keyword.preprocessor', foreground: 'c4a5ff' },
    { token: 'keyword.size', foreground: 'f5a97f' },
    { token: 'variable.predefined', foreground: '5fd4c4' },
    { token: 'type.identifier', foreground: 'f0c060', fontStyle: 'bold' },
    { token: 'number', foreground: 'f5b36b' },
    { token: 'string', foreground: '86d993' },
    { token: 'operator', foreground: 'a3adbd' }
  ],
  colors: {
    'editor.background': '#171c25',
    'editor.foreground': '#e4e8ef',
    'editorLineNumber.foreground': '#8792a4',
    'editorLineNumber.activeForeground': '#e4e8ef',
    'editorGutter.background': '#12161e',
    'editor.lineHighlightBackground': '#1f2531',
    'editor.selectionBackground': '#2f4470',
    'editorCursor.foreground': '#8ab0ff',
    'editorWidget.background': '#1b212b',
    'editorHoverWidget.background': '#1b212b',
    'editorHoverWidget.border': '#343c4b'
  }
};

/** Define the dark theme and keep every editor in step with <html>'s data-theme and data-presenter. */
export function followView(monaco: typeof Monaco): void {
  monaco.editor.defineTheme(DARK_THEME, darkTheme);
  const root = document.documentElement;
  const apply = (): void => {
    monaco.editor.setTheme(root.dataset.theme === 'dark' ? DARK_THEME : LIGHT_THEME);
    const type = root.hasAttribute('data-presenter') ? PRESENTER_TYPE : NORMAL_TYPE;
    for (const editor of monaco.editor.getEditors()) editor.updateOptions(type);
  };
  new MutationObserver(apply).observe(root, {
    attributes: true,
    attributeFilter: ['data-theme', 'data-presenter']
  });
  // An editor is created with the light theme in its options (CodeEditor.svelte); correct it right after, in the
  // same task, so the first frame already has the right colours.
  monaco.editor.onDidCreateEditor(() => queueMicrotask(apply));
}
