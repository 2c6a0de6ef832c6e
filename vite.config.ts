// Vite + Vitest configuration: the SvelteKit plugin, and two test projects (unit in node, e2e in Chromium).
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // The lazily loaded Monaco chunk is ~4 MB; the warning is expected and harmless (toolchain.md section 3).
    chunkSizeWarningLimit: 4500
  },
  worker: {
    // The emulator worker is a module worker (`{ type: 'module' }`), so emit it as an ES module.
    format: 'es'
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
