// Monaco, loaded once and only in the browser: reached through `import()` from CodeEditor's onMount, so it lands
// in its own lazily loaded chunk (toolchain.md §3–4). Registers the NASM-8086 language (tokens,
// completions, hover docs) and the light theme.

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { MNEMONICS } from '$lib/emu';
import { registerLanguageHelp } from './language-help';
import {
  LIGHT_THEME,
  NASM_LANGUAGE_ID,
  languageConfiguration,
  lightTheme,
  nasmLanguage
} from './nasm-language';
import { followView } from './view-sync';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

if (!monaco.languages.getLanguages().some((language) => language.id === NASM_LANGUAGE_ID)) {
  monaco.languages.register({ id: NASM_LANGUAGE_ID, extensions: ['.asm', '.s', '.nasm'] });
  monaco.languages.setMonarchTokensProvider(NASM_LANGUAGE_ID, nasmLanguage(MNEMONICS));
  monaco.languages.setLanguageConfiguration(NASM_LANGUAGE_ID, languageConfiguration);
  monaco.editor.defineTheme(LIGHT_THEME, lightTheme);
  registerLanguageHelp(monaco, NASM_LANGUAGE_ID);
  followView(monaco); // the dark theme and presenter type, following <html data-theme/data-presenter>
}

export { monaco };
