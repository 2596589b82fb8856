/** Patients: create, list/search, read, edit, delete (with all their sessions). */
import { getDb, nameKeyOf, newId } from './db.ts';
import { RecordNotFoundError, rethrowWriteError } from './errors.ts';
import { describeZodError, patientInputSchema } from './schemas.ts';
import type { Patient, PatientInput } from './types.ts';

/** An input that fails validation; `field` names the offending field. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function validate(input: PatientInput): Required<PatientInput> {
  const parsed = patientInputSchema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = describeZodError(parsed.error);
    throw new InvalidInputError(field, message);
  }
  const v = parsed.data;
  return {
    name: v.name,
    yearOfBirth: v.yearOfBirth ?? null,
    sex: v.sex ?? 'unspecified',
    heightM: v.heightM ?? null,
    sideOfConcern: v.sideOfConcern ?? null,
    notes: v.notes ?? '',
  };
}

/** Creates a patient; `createdAt` defaults to now. Returns the stored record. */
export async function createPatient(input: PatientInput, createdAt: string = new Date().toISOString()): Promise<Patient> {
  const v = validate(input);
  const patient: Patient = { id: newId(), ...v, nameKey: nameKeyOf(v.name), createdAt };
  try {
    await getDb().patients.add(patient);
  } catch (e) {
    rethrowWriteError(e, 'the patient');
  }
  return patient;
}

/** Patients whose name (or notes) contain `search` (case-insensitive), sorted by name. */
export async function listPatients(search = ''): Promise<Patient[]> {
  const needle = search.trim().toLocaleLowerCase();
  const all = await getDb().patients.orderBy('nameKey').toArray();
  if (needle === '') return all;
  return all.filter((p) => p.nameKey.includes(needle) || p.notes.toLocaleLowerCase().includes(needle));
}

/** One patient, or undefined. */
export async function getPatient(id: string): Promise<Patient | undefined> {
  return getDb().patients.get(id);
}

/** Replaces the editable fields of a patient. Throws RecordNotFoundError if it does not exist. */
export async function updatePatient(id: string, input: PatientInput): Promise<Patient> {
  const v = validate(input);
  const db = getDb();
  try {
    return await db.transaction('rw', db.patients, async () => {
      const old = await db.patients.get(id);
      if (!old) throw new RecordNotFoundError(`No patient with id ${id}`);
      const next: Patient = { ...old, ...v, nameKey: nameKeyOf(v.name) };
      await db.patients.put(next);
      return next;
    });
  } catch (e) {
    rethrowWriteError(e, 'the patient');
  }
}

/** Deletes a patient and every session of theirs (reports, tracks, videos), in one transaction. */
export async function deletePatient(id: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.patients, db.sessions, async () => {
    await db.sessions.where('patientId').equals(id).delete();
    await db.patients.delete(id);
  });
}
