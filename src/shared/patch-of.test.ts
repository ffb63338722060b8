import { describe, expect, it } from 'vitest';
import { DetentionInputSchema, EventInputSchema, FacilityPatchSchema, PersonInputSchema, PersonPatchSchema, patchOf } from './schemas.js';

describe('PATCH bodies', () => {
  it('leave every field not sent as it is: no default is filled in', () => {
    for (const schema of [
      PersonPatchSchema,
      FacilityPatchSchema,
      patchOf(DetentionInputSchema.omit({ personId: true })),
      patchOf(EventInputSchema.omit({ personId: true })),
    ]) {
      expect(schema.parse({})).toEqual({});
    }
    expect(PersonInputSchema.partial().parse({})).not.toEqual({}); // zod's own partial fills defaults in: the reason for patchOf
  });

  it('still check what is sent, and let a field be cleared with null', () => {
    expect(PersonPatchSchema.parse({ consent: 'public', secondSurname: null })).toEqual({ consent: 'public', secondSurname: null });
    expect(PersonPatchSchema.safeParse({ consent: 'everyone' }).success).toBe(false);
    expect(PersonPatchSchema.safeParse({ givenNames: '' }).success).toBe(false);
  });
});
