// The editor's side of assembling: the file name and the messages, which live in the worker protocol now that the
// engine's worker also assembles (src/lib/worker/protocol.ts); re-exported here for the editor and the panels.

export { MAIN_FILE, type AssembleReply, type AssembleRequest } from '$lib/worker/protocol';
