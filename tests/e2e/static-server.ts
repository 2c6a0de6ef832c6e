// The tests' static file server for build/ (adapter-static output), in-process so no server outlives the test:
// the scripts' own (scripts/lib/site.mjs), so the tests and the UI benchmark serve the site the same way.
import { serveStatic } from '../../scripts/lib/site.mjs';

export { serveStatic };
export type StaticServer = Awaited<ReturnType<typeof serveStatic>>;
