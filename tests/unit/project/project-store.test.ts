// The project store: the migration of the single-file key, files added without replacing any, rename and
// delete (in memory and in storage), and a storage that fails.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cleanFileName,
  FILE_KEY_PREFIX,
  fileNameProblem,
  LEGACY_SOURCE_KEY,
  Project,
  PROJECT_KEY,
  type KeyValueStorage
} from '$lib/ui/project/project-store';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const DEFAULT = '; the default program\n        hlt\n';
let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
});

describe('opening', () => {
  it('starts a new visitor with main.asm holding the default program, and keeps it', () => {
    const project = new Project(storage, DEFAULT);
    expect(project.names).toEqual(['main.asm']);
    expect(project.active).toBe('main.asm');
    expect(project.activeSource).toBe(DEFAULT);
    expect(storage.getItem(FILE_KEY_PREFIX + 'main.asm')).toBe(DEFAULT);
    expect(JSON.parse(storage.getItem(PROJECT_KEY)!)).toEqual({
      version: 1,
      files: ['main.asm'],
      active: 'main.asm'
    });
  });

  it('migrates the single-file key into main.asm, then removes the old key', () => {
    storage.setItem(LEGACY_SOURCE_KEY, 'mov ax, 1 ; my work');
    const project = new Project(storage, DEFAULT);
    expect(project.names).toEqual(['main.asm']);
    expect(project.activeSource).toBe('mov ax, 1 ; my work');
    expect(storage.getItem(FILE_KEY_PREFIX + 'main.asm')).toBe('mov ax, 1 ; my work');
    expect(storage.getItem(LEGACY_SOURCE_KEY)).toBeNull();
    // Opened again: the project, not the default.
    expect(new Project(storage, DEFAULT).activeSource).toBe('mov ax, 1 ; my work');
  });

  it('keeps the old key when the migrated copy could not be written', () => {
    storage.setItem(LEGACY_SOURCE_KEY, 'precious');
    storage.failWrites = true;
    const project = new Project(storage, DEFAULT);
    expect(project.activeSource).toBe('precious');
    expect(project.saveFailed).toBe(true);
    expect(storage.getItem(LEGACY_SOURCE_KEY)).toBe('precious');
  });

  it('reopens several files, their texts and the active one', () => {
    const first = new Project(storage, DEFAULT);
    first.update('main.asm', 'edited main');
    first.add('second.asm', 'second text');
    const again = new Project(storage, DEFAULT);
    expect(again.names).toEqual(['main.asm', 'second.asm']);
    expect(again.active).toBe('second.asm');
    expect(again.source('main.asm')).toBe('edited main');
    expect(again.source('second.asm')).toBe('second text');
  });

  it('ignores an unreadable index (starting afresh) without deleting file keys', () => {
    storage.setItem(PROJECT_KEY, '{not json');
    storage.setItem(FILE_KEY_PREFIX + 'old.asm', 'old text');
    const project = new Project(storage, DEFAULT);
    expect(project.names).toEqual(['main.asm']);
    expect(storage.getItem(FILE_KEY_PREFIX + 'old.asm')).toBe('old text');
  });

  it('works with no storage at all (embed mode): nothing is written', () => {
    const project = new Project(null, DEFAULT);
    project.add('x.asm', 'text');
    expect(project.names).toEqual(['main.asm', 'x.asm']);
  });
});

describe('adding files', () => {
  it('never replaces a file: a taken name gets a number, after the active tab', () => {
    const project = new Project(storage, DEFAULT);
    expect(project.add('main.asm', 'other text')).toBe('main-2.asm');
    expect(project.add('main.asm', 'third text')).toBe('main-3.asm');
    expect(project.source('main.asm')).toBe(DEFAULT);
    expect(project.names).toEqual(['main.asm', 'main-2.asm', 'main-3.asm']);
    project.setActive('main.asm');
    project.add('notes', 'x');
    expect(project.names).toEqual(['main.asm', 'notes.asm', 'main-2.asm', 'main-3.asm']);
  });

  it('opens the file that is there when the same name comes with the same text', () => {
    const project = new Project(storage, DEFAULT);
    project.add('hello.asm', 'same');
    project.setActive('main.asm');
    expect(project.add('hello.asm', 'same')).toBe('hello.asm');
    expect(project.active).toBe('hello.asm');
    expect(project.names).toEqual(['main.asm', 'hello.asm']);
  });

  it.each([
    ['hello.asm', 'hello.asm'],
    ['  my program ', 'my-program.asm'],
    ['C:\\work\\loop.ASM', 'loop.ASM'],
    ['../../etc/passwd', 'passwd.asm'],
    ['', 'untitled.asm'],
    ['...', 'untitled.asm']
  ])('cleans the name %j to %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
    expect(fileNameProblem(clean)).toBeNull();
  });
});

describe('rename', () => {
  it('renames in the tabs, the storage and the active file', () => {
    const project = new Project(storage, DEFAULT);
    project.update('main.asm', 'my text');
    expect(project.rename('main.asm', 'first.asm')).toBeNull();
    expect(project.names).toEqual(['first.asm']);
    expect(project.active).toBe('first.asm');
    expect(storage.getItem(FILE_KEY_PREFIX + 'first.asm')).toBe('my text');
    expect(storage.getItem(FILE_KEY_PREFIX + 'main.asm')).toBeNull();
    expect(new Project(storage, DEFAULT).names).toEqual(['first.asm']);
  });

  it.each([
    ['', 'A file needs a name.'],
    ['two words.asm', 'Use letters, digits, "-", "_" and "." in a file name (no spaces or slashes).'],
    ['dir/x.asm', 'Use letters, digits, "-", "_" and "." in a file name (no spaces or slashes).'],
    ['other.asm', 'There is already a file named other.asm.'],
    ['x'.repeat(41), 'A file name has at most 40 characters.']
  ])('refuses %j: %s', (name, message) => {
    const project = new Project(storage, DEFAULT);
    project.add('other.asm', '');
    expect(project.rename('main.asm', name)).toBe(message);
    expect(project.names).toEqual(['main.asm', 'other.asm']);
  });
});

describe('delete', () => {
  it('deletes a file and its key; the neighbour becomes active', () => {
    const project = new Project(storage, DEFAULT);
    project.add('a.asm', 'A');
    project.add('b.asm', 'B');
    project.setActive('a.asm');
    expect(project.remove('a.asm')).toBeNull();
    expect(project.names).toEqual(['main.asm', 'b.asm']);
    expect(project.active).toBe('b.asm');
    expect(storage.getItem(FILE_KEY_PREFIX + 'a.asm')).toBeNull();
    expect(new Project(storage, DEFAULT).names).toEqual(['main.asm', 'b.asm']);
  });

  it('keeps the last file', () => {
    const project = new Project(storage, DEFAULT);
    expect(project.remove('main.asm')).toBe('The last file cannot be deleted.');
    expect(project.names).toEqual(['main.asm']);
  });
});
