// The command line: `npm run -s cli -- <command>`. Each command lives in its own module.

import { asmCommand } from './commands/asm-command';
import { conformanceCommand } from './commands/conformance-command';
import { disasmCommand } from './commands/disasm-command';
import { runCommand } from './commands/run-command';
import { isMainThread } from 'node:worker_threads';
import { benchCommand, benchWorkerMain } from './commands/bench-command';

const USAGE = `usage: npm run -s cli -- <command>

commands:
  asm FILE.asm -o FILE.bin [-l FILE.lst]
                                      assemble NASM source to a flat binary (errors: FILE:LINE:COL: error: …)
  disasm FILE.bin [--org N]           disassemble a flat binary in ndisasm's columns
  conformance DIR [--filter OPCODE]   run the hardware-captured CPU tests in DIR
  run FILE.asm|FILE.com|FILE.bin [--max-steps N] [--json] [--break LABEL|ADDR[,…]] [--trace OUT.csv|OUT.json]
                                      run a program under the benchmark contract (a .asm is assembled first);
                                      --break stops at a label, offset, SEG:OFF or FILE.asm:LINE; --trace
                                      writes what every step changed
  bench [--json]                      run the benchmark workloads of ../shared/bench`;

const COMMANDS: Record<string, (args: string[]) => Promise<number> | number> = {
  asm: asmCommand,
  disasm: disasmCommand,
  conformance: conformanceCommand,
  run: runCommand,
  bench: benchCommand
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return command(args);
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  );
} else {
  // This same module is the entry of the bench's worker threads (see bench-command.ts).
  benchWorkerMain();
}
