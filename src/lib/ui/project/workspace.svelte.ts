// Workspace: the page's reactive view of the Project (project-store.ts): the tab names, the active file, and a
// counter that moves whenever the editor must show a different text (another file opened), so the page can
// remount the editor on it. Every change that opens a file also hands its text to `onopen` (the debugger
// session assembles and loads it at once).

import type { Project } from './project-store';

export class Workspace {
  names = $state.raw<readonly string[]>([]);
  active = $state('');
  /** Moves each time another text must be shown in the editor. */
  opened = $state(0);
  saveFailed = $state(false);

  constructor(
    private readonly project: Project,
    private readonly onopen: (source: string) => void
  ) {
    this.#sync();
  }

  get activeSource(): string {
    return this.project.activeSource;
  }

  source(name: string): string {
    return this.project.source(name);
  }

  /** The editor's text changed. */
  edit(source: string): void {
    this.project.update(this.project.active, source);
    this.saveFailed = this.project.saveFailed;
  }

  select(name: string): void {
    if (name === this.project.active) return;
    this.project.setActive(name);
    this.#open();
  }

  /** A new file (example, disk, link, New): never replaces one. Returns the name it got. */
  add(name: string, source: string): string {
    const before = this.project.active;
    const added = this.project.add(name, source);
    if (added !== before || source !== this.project.source(before)) this.#open();
    return added;
  }

  rename(from: string, to: string): string | null {
    const problem = this.project.rename(from, to);
    this.#sync();
    return problem;
  }

  remove(name: string): string | null {
    const wasActive = name === this.project.active;
    const problem = this.project.remove(name);
    if (problem === null && wasActive) this.#open();
    else this.#sync();
    return problem;
  }

  uniqueName(name: string): string {
    return this.project.uniqueName(name);
  }

  #open(): void {
    this.#sync();
    this.opened++;
    this.onopen(this.project.activeSource);
  }

  #sync(): void {
    this.names = [...this.project.names];
    this.active = this.project.active;
    this.saveFailed = this.project.saveFailed;
  }
}
