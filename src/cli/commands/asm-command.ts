// `asm FILE.asm -o FILE.bin [-l FILE.lst]`: assemble to a flat binary (what `nasm -f bin` writes), print each
// diagnostic on stderr as `FILE:LINE:COL: error: message`, and exit non-zero when there is any error (then no
// output file is written).

import { writeFileSync } from 'node:fs';
import { formatDiagnostic, formatListing } from '$lib/emu';
import { parseArgs } from '../args';
import { assembleFile } from '../asm-files';

export function asmCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, {
    o: 'string',
    output: 'string',
    l: 'string',
    listing: 'string'
  });
  const file = positional[0];
  if (!file || positional.length > 1) throw new Error('asm: give one source file: asm FILE.asm -o FILE.bin');
  const output = (options.o ?? options.output ?? file.replace(/\.(asm|s|nasm)$/i, '') + '.bin') as string;
  const listing = (options.l ?? options.listing) as string | undefined;

  const result = assembleFile(file, listing !== undefined);
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  if (listing !== undefined) writeFileSync(listing, formatListing(result.listing));
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    console.error(`${file}: ${errors} error${errors === 1 ? '' : 's'}, no output written`);
    return 1;
  }
  writeFileSync(output, result.image);
  return 0;
}
