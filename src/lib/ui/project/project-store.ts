// The learner's project: several .asm files and which one is open, autosaved in localStorage on every change.
// Framework-free (the page wraps it in runes), so it is unit-tested in Node with an in-memory storage.
// Layout in storage: `hyperstep:project` = {"version":1,"files":[names in tab order],"active":name}, and each
// file's text under `hyperstep:file:<name>` (one key per file, so a keystroke rewrites only its own file).
// Before projects there was one file under `hyperstep:source:main.asm`: it becomes main.asm on first open.

/** What the page needs of localStorage (and what the tests fake). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const PROJECT_KEY = 'hyperstep:project';
export const FILE_KEY_PREFIX = 'hyperstep:file:';
/** The one key of the single-file IDE (before projects): migrated into main.asm. */
export const LEGACY_SOURCE_KEY = 'hyperstep:source:main.asm';
export const FIRST_FILE = 'main.asm';
export const PROJECT_VERSION = 1;
const MAX_NAME_LENGTH = 40;

interface StoredProject {
  version: number;
  files: string[];
  active: string;
}

/** Why `name` cannot be a file name, or null when it can. */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'A file needs a name.';
  if (name.length > MAX_NAME_LENGTH) return `A file name has at most ${MAX_NAME_LENGTH} characters.`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    return 'Use letters, digits, "-", "_" and "." in a file name (no spaces or slashes).';
  }
  return null;
}

/** A name as typed or found (a link, a file from disk): trimmed, unsafe characters replaced, `.asm` added. */
export function cleanFileName(raw: string): string {
  const base = raw
    .trim()
    .replace(/^.*[\\/]/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_NAME_LENGTH - 4);
  if (base === '') return 'untitled.asm';
  return /\.[A-Za-z0-9]+$/.test(base) ? base : `${base}.asm`;
}

export class Project {
  #files: string[] = [];
  #sources = new Map<string, string>();
  #active = FIRST_FILE;
  /** True when the last write to storage failed (full or disabled): the work lives only in this tab. */
  saveFailed = false;

  /**
   * Open the project kept in `storage` (null: nothing is kept, as in embed mode), migrating the single-file
   * key; with nothing saved, one file main.asm holding `defaultSource`.
   */
  constructor(
    private readonly storage: KeyValueStorage | null,
    defaultSource: string
  ) {
    const stored = this.#read();
    if (stored) {
      this.#files = stored.files;
      for (const name of stored.files) this.#sources.set(name, this.#get(FILE_KEY_PREFIX + name) ?? '');
      this.#active = stored.active;
      return;
    }
    const legacy = this.#get(LEGACY_SOURCE_KEY);
    this.#files = [FIRST_FILE];
    this.#sources.set(FIRST_FILE, legacy ?? defaultSource);
    this.#active = FIRST_FILE;
    this.#writeFile(FIRST_FILE);
    this.#writeIndex();
    // Only once the work is safely under its new key does the old one go.
    if (legacy !== null && !this.saveFailed) this.storage?.removeItem(LEGACY_SOURCE_KEY);
  }

  /** File names in tab order. */
  get names(): readonly string[] {
    return this.#files;
  }

  get active(): string {
    return this.#active;
  }

  get activeSource(): string {
    return this.source(this.#active);
  }

  has(name: string): boolean {
    return this.#sources.has(name);
  }

  source(name: string): string {
    return this.#sources.get(name) ?? '';
  }

  setActive(name: string): void {
    if (!this.has(name) || name === this.#active) return;
    this.#active = name;
    this.#writeIndex();
  }

  /** The text of a file changed (an edit): keep it. */
  update(name: string, source: string): void {
    if (!this.has(name) || this.#sources.get(name) === source) return;
    this.#sources.set(name, source);
    this.#writeFile(name);
  }

  /** `name`, or `name-2.asm`, `name-3.asm`… — the first one no file has yet. */
  uniqueName(name: string): string {
    if (!this.has(name)) return name;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; ; n++) {
      const candidate = `${stem}-${n}${extension}`;
      if (!this.has(candidate)) return candidate;
    }
  }

  /**
   * Add a file (an example, a file from disk, a shared link) after the active one and open it. Never replaces a
   * file: a taken name gets a number. The same name with the same text opens the file that is there instead.
   * Returns the name it got.
   */
  add(name: string, source: string): string {
    const wanted = cleanFileName(name);
    if (this.#sources.get(wanted) === source) {
      this.setActive(wanted);
      return wanted;
    }
    const unique = this.uniqueName(wanted);
    this.#files.splice(this.#files.indexOf(this.#active) + 1, 0, unique);
    this.#sources.set(unique, source);
    this.#active = unique;
    this.#writeFile(unique);
    this.#writeIndex();
    return unique;
  }

  /** Rename a file; returns why it cannot be done, or null when it was. */
  rename(from: string, to: string): string | null {
    if (!this.has(from)) return `There is no file ${from}.`;
    if (to === from) return null;
    const problem = fileNameProblem(to);
    if (problem) return problem;
    if (this.has(to)) return `There is already a file named ${to}.`;
    const source = this.source(from);
    this.#files[this.#files.indexOf(from)] = to;
    this.#sources.delete(from);
    this.#sources.set(to, source);
    if (this.#active === from) this.#active = to;
    // New key first, then the index, then drop the old key: a failure in between loses nothing.
    this.#writeFile(to);
    this.#writeIndex();
    if (!this.saveFailed) this.storage?.removeItem(FILE_KEY_PREFIX + from);
    return null;
  }

  /** Delete a file (the last one cannot go: the editor always has a file). Returns why not, or null. */
  remove(name: string): string | null {
    if (!this.has(name)) return `There is no file ${name}.`;
    if (this.#files.length === 1) return 'The last file cannot be deleted.';
    const index = this.#files.indexOf(name);
    this.#files.splice(index, 1);
    this.#sources.delete(name);
    if (this.#active === name) this.#active = this.#files[Math.min(index, this.#files.length - 1)];
    this.#writeIndex();
    this.storage?.removeItem(FILE_KEY_PREFIX + name);
    return null;
  }

  #read(): StoredProject | null {
    const text = this.#get(PROJECT_KEY);
    if (text === null) return null;
    try {
      const value = JSON.parse(text) as Partial<StoredProject>;
      const files = Array.isArray(value.files)
        ? [...new Set(value.files.filter((f): f is string => typeof f === 'string' && !fileNameProblem(f)))]
        : [];
      if (files.length === 0) return null;
      const active =
        typeof value.active === 'string' && files.includes(value.active) ? value.active : files[0];
      return { version: PROJECT_VERSION, files, active };
    } catch {
      return null; // unreadable: start as if new (the file keys stay where they are)
    }
  }

  #get(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  #set(key: string, value: string): void {
    if (!this.storage) return;
    try {
      this.storage.setItem(key, value);
      this.saveFailed = false;
    } catch {
      this.saveFailed = true;
    }
  }

  #writeFile(name: string): void {
    this.#set(FILE_KEY_PREFIX + name, this.source(name));
  }

  #writeIndex(): void {
    const stored: StoredProject = { version: PROJECT_VERSION, files: this.#files, active: this.#active };
    this.#set(PROJECT_KEY, JSON.stringify(stored));
  }
}
