// Dutch news paragraphs written for these tests in the style of the desk's copy, each given as
// the sentences it must split into. Most sentences carry one of the traps a naive splitter
// falls into: abbreviations, initials, numbers and times, links and e-mail addresses,
// ellipses, quotations.

/** A paragraph as its expected sentences; `text` when it is not the sentences joined by a space. */
export interface NewsParagraph {
  trap: string;
  sentences: string[];
  text?: string;
}

export const NEWS: NewsParagraph[] = [
  {
    trap: 'abbreviations o.a., d.w.z., bijv.',
    sentences: [
      'Het kabinet wil o.a. de accijns op diesel verhogen.',
      'Dat levert d.w.z. in 2025 zo’n 1.200 miljoen euro op, bijv. voor de zorg.',
      'De oppositie is tegen.',
    ],
  },
  {
    trap: 'titles dhr., mr., dr., prof.',
    sentences: [
      'Volgens dhr. Jansen van de ondernemingsraad is de sfeer slecht.',
      'De advocaat, mr. De Vries, gaat in hoger beroep.',
      'Ook dr. El Amrani en prof. Dijkstra van de Universiteit Utrecht tekenden de brief.',
      'Het ministerie reageert nog niet.',
    ],
  },
  {
    trap: 'nr., ca., jl.',
    sentences: [
      'De trein met nr. 3521 stond ca. 40 minuten stil bij Amersfoort.',
      'Op 12 januari jl. ging het op hetzelfde traject ook al mis.',
      'ProRail onderzoekt de oorzaak.',
    ],
  },
  {
    trap: 'initials',
    sentences: [
      'Oud-premier J.P. Balkenende opende woensdag het nieuwe gebouw.',
      'Ibrahim el I. uit Delft werd in 2019 in Syrië opgepakt.',
      'Zijn advocaat A. Bakker wil dat hij wordt teruggehaald.',
    ],
  },
  {
    trap: 'numbers with thousands dots and decimal commas',
    sentences: [
      'Bij de staking legden 1.200 werknemers het werk neer.',
      'De schade loopt volgens de werkgever op tot 3,5 miljoen euro.',
      'Het loonbod ligt op 2,8 procent.',
    ],
  },
  {
    trap: 'times',
    sentences: ['De persconferentie begint om 13.00 uur in het Catshuis.', 'Om 19.30 uur volgt een debat in de Tweede Kamer.', 'Daarna stemt de Kamer.'],
  },
  {
    trap: 'links inside a sentence and at its end',
    sentences: [
      'Het volledige rapport staat op https://www.rijksoverheid.nl/documenten/rapporten en is 84 pagina’s lang.',
      'Een samenvatting staat op www.nos.nl.',
      'Reacties kunnen tot 1 maart.',
    ],
  },
  {
    trap: 'e-mail addresses',
    sentences: ['Tips kunnen naar redactie@nieuwsblad.nl of naar j.de.vries@example.org.', 'We behandelen ze vertrouwelijk.'],
  },
  {
    trap: 'ellipsis mid-sentence and at the end of a sentence',
    sentences: [
      'Hij begon te praten… en stopte toen abrupt.',
      'Volgens de verklaring zei hij dat (…) De Jong de opdracht had gegeven.',
      'Het bleef lang stil...',
      'Toen ging de deur open.',
    ],
  },
  {
    trap: 'closing quotes after the full stop',
    sentences: [
      'De burgemeester zei: ‘We laten niemand in de kou staan.’',
      'Ze kondigde extra opvangplekken aan.',
      '“Dit is pas het begin.”',
      'Zo reageerde een woordvoerder.',
    ],
  },
  {
    trap: 'question and exclamation marks, quoted question followed by lowercase',
    sentences: ['Wie betaalt de rekening?', '‘Waarom nu?’ vroeg een Kamerlid zich af.', 'Het antwoord bleef uit!', 'De minister zweeg.'],
  },
  {
    trap: 'sentence opening with a number or with ’s',
    sentences: ['Het aantal doden is gestegen tot 17.', '150 mensen raakten gewond.', '’s Avonds werd opnieuw geschoten.', 'De politie sloot de wijk af.'],
  },
  {
    trap: 'month and other abbreviations before capitals',
    sentences: [
      'De rechtszaak begint op 3 okt. in Den Haag.',
      'Op dezelfde dag hoort de rechter ook getuigen.',
      'De zaak is aangespannen door o.l.v. Greenpeace verenigde actiegroepen.',
      'De uitspraak volgt binnen zes weken.',
    ],
  },
  {
    trap: 'organisation names with full stops in quotes and brackets',
    sentences: [
      'Het onderzoek is uitgevoerd door de N.V. Nederlandse Gasunie (Gasunie).',
      'De resultaten zijn ‘zorgwekkend’.',
      'Volgens het RIVM is er geen direct gevaar.',
    ],
  },
  {
    trap: 'percentages, currency and ranges',
    sentences: [
      'De inflatie kwam in juni uit op 5,7 procent, tegen 6,8 procent in mei.',
      'Een liter benzine kost nu € 2,15.',
      'Economen verwachten 3 tot 4 procent voor heel 2023.',
    ],
  },
  {
    trap: 'capitalised abbreviation at sentence start',
    sentences: ['Dhr. Van der Berg stapt per direct op.', 'Bijv. de fractie van D66 wil opheldering.', 'Ca. tachtig leden zeggen hun lidmaatschap op.'],
  },
  {
    trap: 'sentence ending in an abbreviation-free word followed by an acronym',
    sentences: ['Het bericht werd bevestigd door het ANP.', 'NOS en RTL meldden eerder hetzelfde.', 'De VN roepen op tot kalmte.'],
  },
  {
    trap: 'article references and page numbers',
    sentences: ['Volgens art. 12 van de Grondwet is dat niet toegestaan.', 'Zie ook blz. 8 van het rapport.', 'De Raad van State is kritisch.'],
  },
  {
    trap: 'link glued to the sentence end, tweet attribution',
    text: 'Dit is een historische dag voor Oekraïne.https://t.co/Ab12Cd34Ef — Mark Rutte (@MinPres) 24 februari 2023',
    sentences: ['Dit is een historische dag voor Oekraïne.', 'https://t.co/Ab12Cd34Ef', '— Mark Rutte (@MinPres) 24 februari 2023'],
  },
  {
    trap: 'years and historical dates',
    sentences: ['De stad werd in 1672 belegerd.', 'In de 4e eeuw v.Chr. lag hier een nederzetting.', 'Archeologen vonden in 2021 resten van een muur.'],
  },
  {
    trap: 'lowercase after a full stop is not a new sentence',
    sentences: ['Het boek verscheen bij uitg. de Arbeiderspers en werd goed ontvangen.', 'Later volgde een vertaling.'],
  },
  {
    trap: 'million and billion abbreviations',
    sentences: ['Het bedrijf maakte een winst van 4,2 mld. euro.', 'Dat is meer dan verwacht.', 'De omzet steeg met ruim 12 mln. Amerikaanse dollar.'],
  },
];
