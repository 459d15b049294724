import { describe, expect, it } from 'vitest';
import { matchShortcut, SHORTCUTS } from './shortcuts';

const press = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => matchShortcut({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('matches the documented keys, Cmd as Ctrl, shifted letters as Shift', () => {
    expect(press('z', { ctrlKey: true })).toBe('undo');
    expect(press('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(press('y', { metaKey: true })).toBe('redo');
    expect(press('g', { ctrlKey: true })).toBe('group');
    expect(press('G', { ctrlKey: true, shiftKey: true })).toBe('ungroup');
    expect(press('f')).toBe('fit');
    expect(press('l')).toBe('layout');
    expect(press('?', { shiftKey: true })).toBe('help');
    expect(press('Delete')).toBe('delete');
    expect(press('s', { ctrlKey: true, shiftKey: true })).toBe('saveAs');
    expect(press('e', { ctrlKey: true })).toBe('export');
    expect(press('q')).toBeNull();
    expect(press('z', { ctrlKey: true, altKey: true })).toBeNull();
  });

  it('gives every shortcut a distinct key', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
