// The colour text screen as a display adapter shows it (IBM PC Technical Reference, CGA: mode 3, 80×25): each
// cell is two bytes at physical B8000h + 2·(80·row + column), the character (code page 437) then its attribute
// (low nibble foreground, bits 4–6 background; bit 7 blink is shown as a bright background's absence, i.e. the
// background's low three bits only). Rows come out as runs of cells with the same attribute, for cheap spans.

export const SCREEN_BASE = 0xb8000;
export const SCREEN_COLUMNS = 80;
export const SCREEN_ROWS = 25;

/** Code page 437: what the 256 character codes look like (0 and FFh show as spaces). */
const CP437 =
  ' ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼' +
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂' +
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ';

export function cp437(code: number): string {
  return CP437[code & 0xff];
}

/** A run of cells sharing one attribute. */
export interface ScreenRun {
  text: string;
  attribute: number;
}

/** The screen's rows, each as runs; `read` gives a physical byte of the guest's memory. */
export function screenRows(read: (physical: number) => number): ScreenRun[][] {
  const rows: ScreenRun[][] = [];
  for (let row = 0; row < SCREEN_ROWS; row++) {
    const runs: ScreenRun[] = [];
    let text = '';
    let attribute = -1;
    for (let column = 0; column < SCREEN_COLUMNS; column++) {
      const cell = SCREEN_BASE + 2 * (row * SCREEN_COLUMNS + column);
      const character = cp437(read(cell));
      const cellAttribute = read(cell + 1) & 0x7f;
      if (cellAttribute !== attribute && text !== '') {
        runs.push({ text, attribute });
        text = '';
      }
      attribute = cellAttribute;
      text += character;
    }
    runs.push({ text, attribute });
    rows.push(runs);
  }
  return rows;
}

/** The CGA's 16 colours (IBM PC Technical Reference: RGBI, brown for colour 6). */
export const CGA_COLOURS = [
  '#000000',
  '#0000aa',
  '#00aa00',
  '#00aaaa',
  '#aa0000',
  '#aa00aa',
  '#aa5500',
  '#aaaaaa',
  '#555555',
  '#5555ff',
  '#55ff55',
  '#55ffff',
  '#ff5555',
  '#ff55ff',
  '#ffff55',
  '#ffffff'
] as const;
