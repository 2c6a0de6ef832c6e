// The home page's data: the default program's source, read when the page is prerendered.
import { readProgramSource } from '$lib/server/programs';
import { DEFAULT_PROGRAM } from '$lib/ui/programs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
  source: await readProgramSource(DEFAULT_PROGRAM.name)
});
