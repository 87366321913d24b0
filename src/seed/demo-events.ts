import type { Category } from '../domain/catalogue/catalogue.types.js';
import type { Random } from './prng.js';

/**
 * Made-up acts, works and fixtures for the demo catalogue. A few names carry
 * accents ("Zoë Marchetti", "Björn Ekdahl", "Renée Fontaine") so that a search
 * typed without them, or misspelt, still finds them.
 */
const artists = [
  'Zoë Marchetti',
  'Björn Ekdahl',
  'Renée Fontaine',
  'Anaïs Moreau',
  'Léonie Beaumont',
  'Joaquín Rivas',
  'Sinéad Byrne',
  'Chloé Delacroix',
  'Mateus Araújo',
  'The Velvet Hours',
  'Neon Harbour',
  'Paper Lanterns',
  'Midnight Static',
  'Saltwater Choir',
  'Orchid Republic',
  'The Lantern Kids',
  'Electric Mirage',
  'Hollow Pines',
  'Ivy Calloway',
  'Marcus Okafor',
  'Dana Whitfield',
  'Kofi Mensah Band',
  'Luna Ortega',
  'Static Bloom',
  'The Northern Wires',
  'Amara Diallo',
  'Felix Brandt Quartet',
  'Silver Tides',
  'Jonas Halvorsen',
  'Cleo Vantablack',
  'Mira Solano',
];
const tours = [
  'Afterglow',
  'Echoes',
  'Golden Hour',
  'Wild Hearts',
  'Night Drive',
  'Paper Moons',
  'Skylines',
  'Undertow',
  'Satellite',
  'Bloom',
];

const comedians = [
  'Priya Kapoor',
  'Tom Ashworth',
  'Nadia Benali',
  'Gus McAllister',
  'Hélène Marchand',
  'Dev Raman',
  'Sasha Kowalski',
  'Ruairí Quinn',
];
const specials = ['Overthinking It', 'No Notes', 'Mild Panic', 'Small Talk', 'Work in Progress', 'Fully Booked', 'Out of Office'];

const plays = [
  'The Glass Orchard',
  "A Winter's Ledger",
  'The Lighthouse Keepers',
  'Salt and Silver',
  'The Understudy',
  'Borrowed Rooms',
  'The Last Tram Home',
  'Paper Crowns',
];
const companies = ['Albion Repertory Company', 'Northlight Theatre Company', 'The Meridian Players', 'Teatro Nómada'];

const works = [
  "Dvořák's Symphony No. 9",
  "Mahler's Symphony No. 5",
  "Beethoven's Ninth",
  "Brahms' Violin Concerto",
  "Sibelius' Symphony No. 2",
  "Rachmaninoff's Piano Concerto No. 2",
  "Mozart's Requiem",
  "Shostakovich's Fifth",
];
const orchestras = ['Danube Philharmonic', 'Aurora Chamber Orchestra', 'Vltava Symphony Orchestra', 'Lumen Baroque Ensemble'];
const soloists = ['Elżbieta Nowak', 'Hiroshi Tanaka', 'Inès Caron', 'Matthias Röder'];

const operas = ['La Traviata', 'The Magic Flute', 'Carmen', 'Tosca', 'La Bohème', 'Don Giovanni', 'Madama Butterfly', 'Rigoletto'];
const operaCompanies = ['Compagnia Lirica Aurora', 'Vienna Chamber Opera', 'Opera Nova'];

const ballets = ['Swan Lake', 'The Nutcracker', 'Giselle', 'Romeo and Juliet', 'Tides', 'Kinetic', 'The Firebird'];
const danceCompanies = ['Baltic Ballet', 'Compañía Danza Viva', 'Motion Collective', 'Ballet Théâtre du Nord'];

const teams = ['FC Northgate', 'Riverside Rovers', 'Atlético Meridiana', 'Harbour City FC', 'Union Vltava', 'Real Tejo'];
const sportsFormats = ['League Match', 'Cup Quarter-Final', 'Derby', 'Season Opener'];

const festivals = [
  'Northern Lights Festival',
  'Sunset Sound Weekender',
  'Harbourfront Festival',
  'Wildflower Music Festival',
  'Open Air Days',
];

const familyShows = [
  'The Magic Lantern Circus',
  'Dinosaur Discovery Live',
  'The Gruffalo’s Cousin',
  'Pirates of the Puddle',
  'Snow Queen on Ice',
];
const familyCompanies = ['Little Giants Theatre', 'Cirque Lumière', 'Tall Tales Company'];

const conferences = ['DevSummit Europe', 'Data & AI Forum', 'Cloud Native Days', 'Product Leaders Summit', 'Open Source Conference'];
const speakers = ['Grace Whitman', 'Arjun Mehta', 'Sofia Lindqvist', 'Kwame Asante', 'Ines García'];

export interface DemoEventText {
  title: string;
  description: string;
  performers: string[];
}

/** Title, blurb and line-up for one demo event of a category at a venue. */
export function demoEventText(category: Category, venueName: string, city: string, year: number, r: Random): DemoEventText {
  switch (category) {
    case 'concert': {
      const act = r.pick(artists);
      const support = r.chance(0.5) ? r.pick(artists.filter((a) => a !== act)) : null;
      const tour = r.pick(tours);
      return {
        title: `${act}: ${tour} Tour`,
        description: `${act} brings the ${tour} tour to ${venueName}${support ? `, with special guest ${support}` : ''}. Doors open one hour before the show.`,
        performers: support ? [act, support] : [act],
      };
    }
    case 'comedy': {
      const comic = r.pick(comedians);
      const special = r.pick(specials);
      return {
        title: `${comic}: ${special}`,
        description: `An hour of brand-new stand-up from ${comic}, recorded live in ${city}. Ages 16+.`,
        performers: [comic],
      };
    }
    case 'theatre': {
      const play = r.pick(plays);
      const company = r.pick(companies);
      return {
        title: play,
        description: `${company} presents ${play}, a new production running in ${city} for a limited season. Running time about 2 hours 30 minutes with one interval.`,
        performers: [company],
      };
    }
    case 'classical': {
      const work = r.pick(works);
      const orchestra = r.pick(orchestras);
      const soloist = r.pick(soloists);
      return {
        title: `${orchestra} plays ${work}`,
        description: `${orchestra} with soloist ${soloist} perform ${work} at ${venueName}.`,
        performers: [orchestra, soloist],
      };
    }
    case 'opera': {
      const opera = r.pick(operas);
      const company = r.pick(operaCompanies);
      return {
        title: opera,
        description: `${company} stages ${opera}, sung in the original language with surtitles.`,
        performers: [company],
      };
    }
    case 'dance': {
      const ballet = r.pick(ballets);
      const company = r.pick(danceCompanies);
      return { title: `${ballet} — ${company}`, description: `${company} dance ${ballet} with a live orchestra.`, performers: [company] };
    }
    case 'sports': {
      const home = r.pick(teams);
      const away = r.pick(teams.filter((t) => t !== home));
      return {
        title: `${home} vs ${away}`,
        description: `${r.pick(sportsFormats)} at ${venueName}. Gates open 90 minutes before kick-off.`,
        performers: [home, away],
      };
    }
    case 'festival': {
      const festival = r.pick(festivals);
      const lineup = [r.pick(artists), r.pick(artists), r.pick(artists)].filter((a, i, all) => all.indexOf(a) === i);
      return {
        title: `${festival} ${year}`,
        description: `A day of live music in ${city} headlined by ${lineup.join(', ')}.`,
        performers: lineup,
      };
    }
    case 'family': {
      const show = r.pick(familyShows);
      const company = r.pick(familyCompanies);
      return {
        title: show,
        description: `${company} presents ${show}: songs, puppets and surprises for ages 3 and up.`,
        performers: [company],
      };
    }
    case 'conference': {
      const conf = r.pick(conferences);
      const keynote = r.pick(speakers);
      return {
        title: `${conf} ${year}`,
        description: `Two tracks of talks and workshops in ${city}; opening keynote by ${keynote}.`,
        performers: [keynote],
      };
    }
  }
}

/** Local start time by category: matinees for families, mornings for conferences, evenings otherwise. */
export function demoStartTime(category: Category, r: Random): { hour: number; minute: number } {
  switch (category) {
    case 'family':
      return r.pick([
        { hour: 11, minute: 0 },
        { hour: 14, minute: 30 },
      ]);
    case 'conference':
      return { hour: 9, minute: 0 };
    case 'festival':
      return { hour: 14, minute: 0 };
    case 'sports':
      return r.pick([
        { hour: 15, minute: 0 },
        { hour: 20, minute: 45 },
      ]);
    default:
      return r.pick([
        { hour: 19, minute: 30 },
        { hour: 20, minute: 0 },
        { hour: 19, minute: 0 },
      ]);
  }
}
