// The public surface of the core: the UI, the CLI and the tests outside the core import only from here.

export { Machine, COM_SEGMENT, COM_OFFSET, COM_MAX_SIZE } from './machine';
export type { MachineOptions, StepResult, StopReason, RunResult, RunOptions } from './machine';
export type { MachineSnapshot, CpuSnapshot, MemoryPage } from './snapshot';
export { SNAPSHOT_VERSION, snapshotProblem } from './snapshot';
export { REGISTER_KEYS, REG16_NAMES, REG8_NAMES, SEG_NAMES } from './cpu/registers';
export type { Registers } from './cpu/registers';
export * as flags from './cpu/flags';
export { Cpu } from './cpu/cpu';
export type { InterruptCause, InterruptController } from './cpu/traps';
export {
  VECTOR_DIVIDE_ERROR,
  VECTOR_SINGLE_STEP,
  VECTOR_NMI,
  VECTOR_BREAKPOINT,
  VECTOR_OVERFLOW,
  VECTOR_INVALID_OPCODE
} from './cpu/traps';
export { OPCODES, OPCODES_0F, entryFor } from './cpu/opcode-table';
export type { OpcodeEntry, OpcodeSlot, OperandKind, OpcodeStatus } from './cpu/opcodes';
export { decode, decodeInto, bytesSource, MAX_PREFIXES } from './cpu/decoder';
export type { ByteSource } from './cpu/decoder';
export { Instruction } from './cpu/instruction';
export { PhysicalMemory, DEFAULT_MEMORY_SIZE, PAGE_SIZE } from './mem/memory';
export { PortMap } from './mem/ports';
export type { IoDevice } from './mem/ports';
export type { Bus } from './mem/bus';
export { SystemBus, A20_MASKED, A20_ENABLED } from './mem/system-bus';
export type { LinearAddr, PhysAddr, Port } from './types';
export { PagingUnit, PAGE_FAULT_SIGNAL } from './mem/paging/paging-unit';
export type { PagingConfig, TranslateOptions } from './mem/paging/paging-unit';
export type { WalkRecord, WalkReference, PagingFault, AccessKind, WalkStage } from './mem/paging/walk-record';
export { Tlb, TLB_SIZE } from './mem/paging/tlb';
export type { TlbEntryView, TlbCounters, TlbState } from './mem/paging/tlb';
export * as pageEntries from './mem/paging/entries';
export { assemble } from './asm/assembler';
export type { AssembleOptions, AssembleResult, AssembledSymbol } from './asm/assembler';
export type { SectionLayout } from './asm/passes';
export { formatListing } from './asm/listing';
export type { ListingRow } from './asm/listing';
export { formatDiagnostic } from './asm/diagnostics';
export type { Diagnostic, Severity, Span } from './asm/diagnostics';
export { lineAtAddress, addressesOfLine } from './asm/source-map';
export type { SourceMap, SourceMapEntry } from './asm/source-map';
export { disassemble, disassembleOne, formatDisassembly, instructionText } from './asm/disassembler';
export type { DisassembledLine, DisassembleOptions } from './asm/disassembler';
export { FORMS as ASSEMBLER_FORMS, MNEMONICS } from './asm/forms';
export type { Form as AssemblerForm } from './asm/forms';
export { makeVmControls, ioExits, IOPL_SHIFT, VM_FLAG, VIF, VIP } from './cpu/vm/controls';
export type { VmControls, VmPaging, VmControlOptions } from './cpu/vm/controls';
export {
  PRESETS,
  PROFILE_NAMES,
  sensitivityTable,
  defaultExceptionBitmap,
  ALL_EXCEPTIONS,
  PAGE_FAULTS_ONLY
} from './cpu/vm/sensitivity';
export type {
  Action,
  InterruptAction,
  SmswAction,
  ControlAction,
  SensitivityTable,
  ProfileName,
  ReportingStyle
} from './cpu/vm/sensitivity';
export * as exitReasons from './cpu/vm/exits';
export type { ExitRecord, EventType } from './cpu/vm/exits';
export { guestFlags } from './cpu/vm/vm-events';
export { REAL_CR0_IN_VM } from './cpu/execute/system';
export { lexLine } from './asm/lexer';
export type { Token, TokenKind } from './asm/lexer';
export { Hypervisor, noDevices, HUNG_AFTER } from './hypervisor/hypervisor';
export type { HypervisorOptions, ExitLogEntry } from './hypervisor/hypervisor';
export { PAGING_MODES } from './hypervisor/vmcb';
export type { Vm, VmConfig, VmStatus, PagingMode, VirtualDevices, GuestContext } from './hypervisor/vmcb';
export type { HvStep } from './hypervisor/steps';
export { DEFAULT_COSTS, efficiency } from './hypervisor/counters';
export type { VmCounters } from './hypervisor/counters';
export * as frameOwners from './hypervisor/frames';
export { popekGoldbergViolations, checkProfile } from './hypervisor/popek-goldberg';
export type { PgViolation, PgProperty } from './hypervisor/popek-goldberg';
export { Pic } from './devices/pic';
export type { PicState } from './devices/pic';
export { Pit, INSTRUCTIONS_PER_PIT_TICK } from './devices/pit';
export type { PitState } from './devices/pit';
export { DebugConsole, DEBUG_CONSOLE_PORT } from './devices/debug-console';
export type { DebugConsoleState } from './devices/debug-console';
export { Crtc } from './devices/crtc';
export type { CrtcState } from './devices/crtc';
export type { IrqSink } from './devices/irq';
export { Keyboard, scanCodeOf } from './devices/keyboard';
export type { KeyboardState } from './devices/keyboard';
export { Uart } from './devices/uart';
export type { UartState } from './devices/uart';
export { AtaDisk, SECTOR_SIZE } from './devices/ata-disk';
export type { AtaDiskState } from './devices/ata-disk';
export { Nic, NIC_BASE, parseMac, formatMac } from './devices/nic';
export type { NicState, NicLink } from './devices/nic';
export { VirtualSwitch, BROADCAST_MAC, DROP_REASONS } from './devices/vswitch';
export type {
  SwitchEndpoint,
  PortRules,
  SwitchPortCounters,
  VirtualSwitchState,
  DropReason
} from './devices/vswitch';
export { PcBoard, createPcBoard } from './devices/pc-board';
export type { PcBoardOptions, PcBoardState } from './devices/pc-board';
export { audit } from './hypervisor/auditor';
export type { AuditResult, Violation, Invariant } from './hypervisor/auditor';
export type { HypervisorBugs } from './hypervisor/bugs';
export { BIOS_IMAGE, BIOS_ENTRY_POINTS, writeBiosRom } from './bios/bios';
export type { Write8 } from './bios/bios';
export { fastBoot, biosVectors, biosDataAreaBytes, biosPortWrites } from './bios/fast-boot';
export type { Out8, BiosVector } from './bios/fast-boot';
export * as biosLayout from './bios/layout';
export { powerOnWithBios, loadComWithBios, BOOT_IMAGE_MAX_SIZE } from './bios/boot';
export type { BusObserver } from './mem/bus';
export { DebugEngine, DEFAULT_SYNC_LIMIT } from './debugger/engine';
export type { Stop, StopReason as DebugStopReason, DebugEvent, EngineOptions } from './debugger/engine';
export { MachineTarget } from './debugger/machine-target';
export type { MachineTargetOptions } from './debugger/machine-target';
export type {
  DebugTarget,
  TargetStep,
  TargetRun,
  TargetInput,
  AccessObserver,
  Checkpoint
} from './debugger/target';
export { canStep, canRun, canPause, canStepBack, transition } from './debugger/execution-state';
export type { ExecutionState, ExecutionEvent } from './debugger/execution-state';
export { parseExpression, evaluate, parseTemplate, formatTemplate } from './debugger/expression';
export type { Expression, ExpressionError, EvaluationContext } from './debugger/expression';
export { BreakpointSet } from './debugger/breakpoints';
export type { Breakpoint, BreakpointSpec, BreakpointLocation, BreakpointError } from './debugger/breakpoints';
export { WatchpointSet, AccessLog } from './debugger/watchpoints';
export type { Watchpoint, WatchpointSpec, Access } from './debugger/watchpoints';
export { History, DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_HISTORY_BUDGET } from './debugger/history';
export type { HistoryOptions, LoggedInput } from './debugger/history';
export { TraceRecorder, traceToCsv } from './debugger/trace';
export type { TraceRecord } from './debugger/trace';
export { controlAt } from './debugger/stepping';
export { fnv1aString, fnv1aWords } from './debugger/hash';
export { cloneVm, snapshotVm, restoreVm } from './hypervisor/lifecycle';
export type { VmOnlySnapshot } from './hypervisor/lifecycle';
export { HypervisorTarget, HYPERVISOR_CHECKPOINT_INTERVAL } from './debugger/hypervisor-target';
export type { HypervisorTargetOptions, HandlerStepResult } from './debugger/hypervisor-target';
export type { HostStep, OpenSlice, PendingExit } from './hypervisor/host-step';
export type { SchedulerState } from './hypervisor/host-snapshot';
export type { HostSnapshot, VmSnapshot } from './hypervisor/host-snapshot';
