// Every page is rendered to static HTML at build time (adapter-static).
export const prerender = true;
