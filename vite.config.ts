// Vite + Vitest configuration: the SvelteKit plugin, and two test projects (unit in node, e2e in Chromium).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// The core (src/lib/emu) is free of import-time side effects that matter outside a module: its top-level code
// only fills the module's own tables (the opcode map, the dispatch forms, the BIOS image). Saying so lets the
// bundler drop the modules a bundle does not use even though they are reached through the $lib/emu index (the
// page needs the decoder, not the CPU's executors or the BIOS; the assembler needs neither). Without it the
// page's first download was ~20 KB gz larger (issue 7, JavaScript before the editor).
const CORE_TREESHAKE = {
  moduleSideEffects: [{ test: /[\\/]src[\\/]lib[\\/]emu[\\/]/, sideEffects: false }]
};

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // The lazily loaded Monaco chunk is ~4 MB; the warning is expected and harmless (toolchain.md section 3).
    chunkSizeWarningLimit: 4500,
    rolldownOptions: { treeshake: CORE_TREESHAKE }
  },
  worker: {
    // The emulator worker is a module worker (`{ type: 'module' }`), so emit it as an ES module.
    format: 'es',
    rolldownOptions: { treeshake: CORE_TREESHAKE }
  },
  test: {
    // The summary reporter must come last so its `N passed, N failed` line is the last line printed.
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        worker: {
          // The emulator worker is a module worker (`{ type: 'module' }`), so emit it as an ES module.
          format: 'es'
        },
        test: {
          name: 'unit',
          include: [
            'tests/unit/**/*.test.ts',
            'tests/conformance/**/*.test.ts',
            'tests/programs/**/*.test.ts',
            'tests/asm/**/*.test.ts'
          ],
          environment: 'node',
          testTimeout: 120_000
        }
      },
      {
        extends: true,
        worker: {
          // The emulator worker is a module worker (`{ type: 'module' }`), so emit it as an ES module.
          format: 'es'
        },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
});
