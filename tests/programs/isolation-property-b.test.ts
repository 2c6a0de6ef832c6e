// Isolation property test (issue 5, acceptance 2; virtualization.md §2.12): 10,000 seeded random guests, each run
// for a small budget next to a neighbour VM with known memory, under every profile and every paging mode. After
// each guest: the neighbour's memory is exactly what its program left (hashed through its own P2M), the
// hypervisor's structures for the neighbour (P2M arrays, P2M tables, I/O bitmap, paging root) are unchanged,
// the auditor was ok after every exit, and the host never threw. The hypervisor is reused for 14 guests (one
// VPID each), then a fresh one is made, so host frames are never exhausted by stopped guests.
// This file: seeds 5,000-9,999.
import { describeIsolation } from './isolation-suite';

describeIsolation(5000);
