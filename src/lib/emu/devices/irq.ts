// How a device drives an interrupt request line: a callback taking the line number and its new level (the Pic's
// setIrq, or a hypervisor's vPIC). Devices never hold the CPU; the line is all they see, as on a PC's ISA bus.

export type IrqSink = (line: number, level: boolean) => void;

/** A sink that goes nowhere (a device used on its own, e.g. in a test of its ports). */
export const NO_IRQ: IrqSink = () => {};

/** The IBM PC/AT IRQ assignment used here (virtualization.md §2.5). */
export const IRQ_TIMER = 0;
export const IRQ_KEYBOARD = 1;
export const IRQ_NIC = 3;
export const IRQ_COM1 = 4;
export const IRQ_DISK = 5;
