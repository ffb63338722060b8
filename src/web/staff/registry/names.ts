/** A person's name as Venezuelan records write it: given names, then both surnames. */
export const fullName = (p: { givenNames: string; firstSurname: string; secondSurname?: string | null | undefined }) =>
  [p.givenNames, p.firstSurname, p.secondSurname].filter(Boolean).join(' ');
