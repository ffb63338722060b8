/**
 * The nicknames the synthetic generators write instead of a formal given name, as real
 * lists do ("Pepe" for José). The linkage engine's own table (domain/linkage/hypocorisms.ts)
 * is larger and is what recognises them.
 */
export const NICKNAMES: Readonly<Record<string, string>> = {
  José: 'Pepe',
  Jesús: 'Chucho',
  Francisco: 'Pancho',
  Ignacio: 'Nacho',
  Guillermo: 'Memo',
  Antonio: 'Toño',
  Alberto: 'Beto',
  Roberto: 'Beto',
  Rafael: 'Rafa',
  Eduardo: 'Lalo',
  Enrique: 'Quique',
  Guadalupe: 'Lupe',
  Dolores: 'Lola',
  Mercedes: 'Meche',
  Manuel: 'Manolo',
  Gregorio: 'Goyo',
  Luis: 'Lucho',
  Ramón: 'Moncho',
  Alejandro: 'Alex',
  Gustavo: 'Tavo',
  Fernando: 'Nando',
  Beatriz: 'Betty',
  Isabel: 'Chabela',
  Victoria: 'Vicky',
  Patricia: 'Paty',
};
