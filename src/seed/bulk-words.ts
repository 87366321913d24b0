import type { Category } from '../domain/catalogue/catalogue.types.js';

/** Word lists the bulk generator combines into titles and performer names (made up, plausible). */
export const titleAdjectives = [
  'Midnight', 'Golden', 'Electric', 'Silver', 'Velvet', 'Northern', 'Crimson', 'Hidden', 'Wild', 'Silent', 'Bright',
  'Neon', 'Paper', 'Endless', 'Lunar', 'Solar', 'Broken', 'Sacred', 'Restless', 'Distant', 'Frozen', 'Burning',
  'Gentle', 'Hollow', 'Infinite', 'Open', 'Quiet', 'Radiant', 'Secret', 'Twilight', 'Urban', 'Vivid', 'Wandering',
  'Amber', 'Cobalt', 'Emerald', 'Ivory', 'Scarlet', 'Azure', 'Savage',
];
export const titleNouns = [
  'Echoes', 'Horizons', 'Tides', 'Lanterns', 'Rivers', 'Mirrors', 'Gardens', 'Skylines', 'Voices', 'Harbours',
  'Embers', 'Dreams', 'Signals', 'Shadows', 'Waves', 'Orchards', 'Storms', 'Bridges', 'Circles', 'Seasons',
  'Stories', 'Fables', 'Letters', 'Machines', 'Mountains', 'Islands', 'Cities', 'Roads', 'Stars', 'Bells',
  'Wolves', 'Ravens', 'Foxes', 'Tigers', 'Comets', 'Rhythms', 'Anthems', 'Ballads', 'Reveries', 'Nocturnes',
];

/** Four title endings per category, in the order of `categories`. */
export const titleKinds: Record<Category, [string, string, string, string]> = {
  concert: ['Tour', 'Live', 'Sessions', 'Unplugged'],
  theatre: ['A New Play', 'Revival', 'Premiere', 'Stage Adaptation'],
  sports: ['Cup Final', 'Derby', 'Championship', 'Grand Prix'],
  comedy: ['Comedy Special', 'Stand-Up Night', 'Improv Show', 'Comedy Gala'],
  festival: ['Festival', 'Weekender', 'Open Air', 'All-Dayer'],
  family: ['Family Show', 'Adventure', 'Puppet Show', 'Circus'],
  classical: ['Symphony Night', 'Recital', 'Chamber Concert', 'Piano Evening'],
  opera: ['Opera Gala', 'Opera Night', 'Arias', 'Opera in Concert'],
  dance: ['Ballet', 'Dance Company', 'Tango Night', 'Contemporary Dance'],
  conference: ['Summit', 'Conference', 'Forum', 'Expo'],
};

export const firstNames = [
  'Ada', 'Björn', 'Chloé', 'Dmitri', 'Elena', 'Farah', 'Gustav', 'Hana', 'Ingrid', 'Jonas', 'Kemal', 'Léa', 'Marco',
  'Nadia', 'Oskar', 'Paula', 'Quentin', 'Rosa', 'Søren', 'Tamsin', 'Umar', 'Vera', 'Wim', 'Ximena', 'Yusuf', 'Zoë',
  'Amélie', 'Bruno', 'Carmen', 'Declan', 'Esme', 'Fionn', 'Greta', 'Hugo', 'Imogen', 'Jakub', 'Kira', 'Lars',
  'Maëlle', 'Nico', 'Olga', 'Pim', 'Renée', 'Stellan', 'Thea', 'Ulla', 'Viggo', 'Wanda', 'Yara', 'Zeno',
  'Aurelio', 'Brigitte', 'Cosima', 'Darius', 'Eliska', 'Florin', 'Gaia', 'Henrik', 'Isolde', 'Joaquín',
];
export const lastNames = [
  'Marchetti', 'Ekdahl', 'Delacroix', 'Ivanova', 'Rossi', 'Haddad', 'Lindqvist', 'Novak', 'Berg', 'Halvorsen',
  'Yilmaz', 'Fontaine', 'Bianchi', 'Benali', 'Nilsson', 'Sousa', 'Moreau', 'Ortega', 'Kjær', 'Whitfield', 'Okafor',
  'Kowalska', 'de Vries', 'Ruíz', 'Demir', 'Brandt', 'Caron', 'Dvořák', 'Esposito', 'Fischer', 'García', 'Hughes',
  'Jansen', 'Kovács', 'Lambert', 'Müller', 'Nowak', 'O’Brien', 'Petrov', 'Quinn',
];
