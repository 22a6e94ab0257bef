import type { CareType, ProviderType } from '../providers/types';

// Clearly fictional providers (every name gets "(fictief)"); places and municipalities are realistic.
interface DemoProvider {
  name: string;
  short: string;
  type: ProviderType;
  closed: boolean;
  locations: number;
  units: Array<[CareType, number]>;
}

const jzp = (name: string, short: string, zikosPlaces: number): DemoProvider => ({
  name,
  short,
  type: 'jeugdhulpaanbieder',
  closed: true,
  locations: 2,
  units: [
    ['jeugdzorgplus', 8],
    ['jeugdzorgplus', 6],
    ['zikos', zikosPlaces],
    ['open-residentieel', 10],
  ],
});

const other = (name: string, short: string, type: ProviderType, units: Array<[CareType, number]>, locations = 1): DemoProvider => ({
  name,
  short,
  type,
  closed: false,
  locations,
  units,
});

export const DEMO_PROVIDERS: DemoProvider[] = [
  jzp('Stichting De Lindehoeve', 'Lindehoeve', 4),
  jzp('Het Baken Jeugdzorg', 'Baken', 3),
  jzp('Stichting De Vaart', 'De Vaart', 4),
  jzp('Horizonzorg Jeugd', 'Horizonzorg', 5),
  jzp('Kompaszorg', 'Kompas', 3),
  jzp('De Waterlelie Jeugdhulp', 'Waterlelie', 4),
  jzp('Rivierduin Jeugd', 'Rivierduin', 4),
  jzp('Het Hoge Veld', 'Hoge Veld', 3),
  jzp('De Korenbloem Gesloten Jeugdzorg', 'Korenbloem', 4),
  jzp('Bergzicht Jeugd', 'Bergzicht', 3),
  jzp('De Zeearend', 'Zeearend', 4),
  jzp('Het Noorderlicht', 'Noorderlicht', 3),
  other('Gezinshuizen Het Anker', 'Anker', 'gezinshuisorganisatie', [['gezinshuis', 4]], 3),
  other('Gezinshuis De Boomgaard', 'Boomgaard', 'gezinshuisorganisatie', [['gezinshuis', 3]]),
  other(
    'Woonvorm De Brug',
    'De Brug',
    'jeugdhulpaanbieder',
    [
      ['kleinschalig', 6],
      ['kleinschalig', 5],
    ],
    2,
  ),
  other('Kleinschalig Wonen Zonneweide', 'Zonneweide', 'jeugdhulpaanbieder', [['kleinschalig', 6]], 2),
  other('Jeugd-GGZ Oosterpoort', 'Oosterpoort', 'jeugd-ggz', [
    ['ggz-klinisch', 12],
    ['ambulant', 0],
  ]),
  other('Kliniek De Meander', 'Meander', 'jeugd-ggz', [['ggz-klinisch', 16]]),
  other('Ambulant Team Stroom', 'Stroom', 'jeugdhulpaanbieder', [['ambulant', 0]]),
  other(
    'Jeugdhulp Op Koers',
    'Op Koers',
    'jeugdhulpaanbieder',
    [
      ['ambulant', 0],
      ['open-residentieel', 8],
    ],
    2,
  ),
  other('Open Huis De Wending', 'Wending', 'jeugdhulpaanbieder', [
    ['open-residentieel', 12],
    ['open-residentieel', 10],
  ]),
  other(
    'Stichting Thuis Dichtbij',
    'Thuis Dichtbij',
    'jeugdhulpaanbieder',
    [
      ['kleinschalig', 4],
      ['gezinshuis', 4],
    ],
    2,
  ),
  other('Jeugdbescherming Regio Midden', 'JB Midden', 'gecertificeerde-instelling', [['overig', 0]]),
  other('Jeugdbescherming Noord', 'JB Noord', 'gecertificeerde-instelling', [['overig', 0]]),
  other('De Rozentuin Woongroepen', 'Rozentuin', 'jeugdhulpaanbieder', [['open-residentieel', 8]], 2),
  other('Het Palet Jeugd', 'Palet', 'jeugdhulpaanbieder', [
    ['kleinschalig', 6],
    ['ambulant', 0],
  ]),
  other('Wijkteam Jeugd Vooruit', 'Vooruit', 'jeugdhulpaanbieder', [['ambulant', 0]]),
  other('Kinderkliniek Duinzicht', 'Duinzicht', 'jeugd-ggz', [['ggz-klinisch', 10]]),
  other('Trainingshuis De Sprong', 'Sprong', 'jeugdhulpaanbieder', [['kleinschalig', 5]]),
  other('Gezinshuisnetwerk De Kring', 'Kring', 'gezinshuisorganisatie', [['gezinshuis', 4]], 4),
  other('Zorgboerderij Het Erf', 'Het Erf', 'overig', [['overig', 6]]),
  other('Stichting Kamers met Kansen Jong', 'Kamers', 'jeugdhulpaanbieder', [['kleinschalig', 8]]),
  other('Driemilieu De Oever', 'Oever', 'jeugdhulpaanbieder', [
    ['open-residentieel', 10],
    ['kleinschalig', 6],
  ]),
  other('Jeugdhulp Het Startpunt', 'Startpunt', 'jeugdhulpaanbieder', [['ambulant', 0]]),
  other('Behandelgroep De Vlinder', 'Vlinder', 'jeugdhulpaanbieder', [['open-residentieel', 9]]),
  other('Crisisopvang De Schuilplaats', 'Schuilplaats', 'jeugdhulpaanbieder', [['open-residentieel', 6]]),
  other('Jeugd-GGZ Het Kompas Zuid', 'Kompas Zuid', 'jeugd-ggz', [
    ['ambulant', 0],
    ['ggz-klinisch', 8],
  ]),
  other('Woongroep Samen Verder', 'Samen Verder', 'jeugdhulpaanbieder', [['kleinschalig', 6]]),
  other('Gezinshuis De Linde', 'De Linde', 'gezinshuisorganisatie', [['gezinshuis', 3]]),
  other(
    'Stichting Jong Perspectief',
    'Jong Perspectief',
    'jeugdhulpaanbieder',
    [
      ['open-residentieel', 10],
      ['ambulant', 0],
    ],
    2,
  ),
];

export const DEMO_MUNICIPALITIES = [
  { name: 'Zwolle', region: 'IJsselland' },
  { name: 'Groningen', region: 'Groningen' },
  { name: 'Amersfoort', region: 'Eemland' },
  { name: 'Utrecht', region: 'Utrecht stad' },
  { name: 'Arnhem', region: 'Centraal Gelderland' },
  { name: 'Nijmegen', region: 'Rijk van Nijmegen' },
  { name: 'Eindhoven', region: 'Zuidoost-Brabant' },
  { name: 'Tilburg', region: 'Hart van Brabant' },
  { name: 'Rotterdam', region: 'Rijnmond' },
  { name: 'Den Haag', region: 'Haaglanden' },
  { name: 'Leiden', region: 'Holland Rijnland' },
  { name: 'Haarlem', region: 'Zuid-Kennemerland' },
  { name: 'Almere', region: 'Flevoland' },
  { name: 'Leeuwarden', region: 'Friesland' },
  { name: 'Assen', region: 'Drenthe' },
  { name: 'Enschede', region: 'Twente' },
  { name: 'Deventer', region: 'Stedendriehoek' },
  { name: 'Maastricht', region: 'Zuid-Limburg' },
  { name: 'Ede', region: 'FoodValley' },
  { name: 'Zeist', region: 'Zuidoost-Utrecht' },
];
