// The program most debugger tests run: a loop that calls a routine, memory and port accesses, a software
// interrupt through a vector it installs itself, then HLT. Outcomes by hand: AX counts the 5 calls (AX = 5 after
// the loop; AX = 0041h at the HLT after MOV AL, 41h), DL = 3 read back from `data`, DI = 7777h from the handler.
export const PROGRAM = `
start:
        xor bx, bx
        mov es, bx
        mov word [es:0x80*4], handler   ; IVT[80h] = CS:handler (8086 manual: vector n at linear 4n)
        mov [es:0x80*4+2], cs
        mov cx, 5
        xor ax, ax
again:
        call addone
        loop again
        mov si, data
        mov byte [si], 3
        mov dl, [si]
        in al, 0x60                     ; nothing claims port 60h here: reads FFh (open bus)
        mov al, 0x41
        out 0xe9, al
        int 0x80
        rep stosb
        hlt
addone:
        inc ax
        ret
handler:
        mov di, 0x7777
        iret
data:   db 0
`;

/** Lines of PROGRAM in the assembled file (the rig puts two lines, bits and org, before it). */
export function lineOf(text: string): number {
  const lines = `bits 16\norg 0x100\n${PROGRAM}`.split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`no line with ${text}`);
  return index + 1;
}
