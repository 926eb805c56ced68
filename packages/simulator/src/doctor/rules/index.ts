// Every rule the doctor runs, in the order they run (the report is sorted afterwards, so the order
// only decides which of two findings at one place comes first).
import type { DoctorRule } from '../rule';

/** The doctor's rules. */
export const DOCTOR_RULES: readonly DoctorRule[] = [];
