/** One subject (genre) of the synthetic learning library, with the words its items are written in. */
export interface Subject {
  /** Name as it appears in text, e.g. `astronomy`. */
  name: string;
  /** Topics an item of this subject can cover. */
  topics: readonly string[];
}

/** Subjects of the catalogue; users prefer a few of them. */
export const SUBJECTS: readonly Subject[] = [
  {
    name: 'astronomy',
    topics: [
      'telescopes',
      'the moon',
      'planets',
      'nebulae',
      'eclipses',
      'star charts',
      'comets',
      'galaxies',
    ],
  },
  {
    name: 'baking',
    topics: [
      'sourdough',
      'pastry',
      'layer cakes',
      'flatbreads',
      'croissants',
      'tarts',
      'cookies',
      'yeast doughs',
    ],
  },
  {
    name: 'gardening',
    topics: [
      'compost',
      'raised beds',
      'tomatoes',
      'pruning',
      'herbs',
      'seed saving',
      'roses',
      'soil health',
    ],
  },
  {
    name: 'jazz piano',
    topics: [
      'chord voicings',
      'walking bass',
      'blues forms',
      'improvisation',
      'swing rhythm',
      'standards',
      'modal harmony',
      'comping',
    ],
  },
  {
    name: 'python programming',
    topics: [
      'data structures',
      'testing',
      'web scraping',
      'asyncio',
      'decorators',
      'packaging',
      'type hints',
      'data analysis',
    ],
  },
  {
    name: 'watercolour painting',
    topics: [
      'washes',
      'landscapes',
      'colour mixing',
      'botanical studies',
      'skies',
      'portraits',
      'wet on wet',
      'brushwork',
    ],
  },
  {
    name: 'distance running',
    topics: [
      'marathon plans',
      'interval training',
      'trail running',
      'injury prevention',
      'pacing',
      'nutrition',
      'recovery',
      'form drills',
    ],
  },
  {
    name: 'medieval history',
    topics: [
      'castles',
      'the crusades',
      'monasteries',
      'trade routes',
      'the black death',
      'knighthood',
      'manuscripts',
      'the vikings',
    ],
  },
  {
    name: 'photography',
    topics: [
      'exposure',
      'street scenes',
      'portrait lighting',
      'night shots',
      'composition',
      'film cameras',
      'editing',
      'wildlife',
    ],
  },
  {
    name: 'chess',
    topics: [
      'openings',
      'endgames',
      'tactics',
      'pawn structure',
      'attacking play',
      'famous games',
      'blitz',
      'positional play',
    ],
  },
  {
    name: 'woodworking',
    topics: [
      'hand planes',
      'joinery',
      'furniture',
      'wood finishing',
      'carving',
      'sharpening',
      'turning',
      'workbenches',
    ],
  },
  {
    name: 'italian language',
    topics: [
      'pronunciation',
      'verb tenses',
      'travel phrases',
      'conversation',
      'grammar',
      'reading',
      'idioms',
      'writing letters',
    ],
  },
  {
    name: 'personal finance',
    topics: [
      'budgeting',
      'index funds',
      'retirement',
      'taxes',
      'debt payoff',
      'saving habits',
      'insurance',
      'home buying',
    ],
  },
  {
    name: 'birdwatching',
    topics: [
      'songbirds',
      'birds of prey',
      'shorebirds',
      'bird calls',
      'migration',
      'binoculars',
      'feeders',
      'field marks',
    ],
  },
  {
    name: 'mythology',
    topics: [
      'greek gods',
      'norse sagas',
      'egyptian myths',
      'heroes',
      'monsters',
      'creation stories',
      'tricksters',
      'the underworld',
    ],
  },
  {
    name: 'robotics',
    topics: [
      'microcontrollers',
      'motors',
      'sensors',
      'path planning',
      'robot arms',
      'soldering',
      'control loops',
      'computer vision',
    ],
  },
];

/** Difficulty levels, in order; users move up over time. */
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** How each level is named in titles and descriptions. */
export const LEVEL_AUDIENCE: readonly string[] = [
  'complete beginners',
  'intermediate learners',
  'advanced practitioners',
];

/** Item formats; each user favours one. */
export const FORMATS: readonly string[] = [
  'video course',
  'workbook',
  'illustrated guide',
  'audio series',
  'hands-on workshop',
  'field handbook',
];

/** Writing styles (not preferred by users: a distractor attribute). */
export const STYLES: readonly string[] = [
  'playful',
  'rigorous',
  'practical',
  'story-driven',
  'visual',
];

/** One sentence per style, appended to descriptions. */
export const STYLE_SENTENCES: readonly string[] = [
  'Expect jokes, puzzles and quick wins along the way.',
  'Every idea is derived carefully, with exercises and full solutions.',
  'Each chapter ends with a checklist you can use the same day.',
  'Lessons unfold as a story, following one learner from start to finish.',
  'Diagrams and photographs carry most of the explanations.',
];

/** First words of series names. */
export const SERIES_ADJECTIVES: readonly string[] = [
  'Pocket',
  'Complete',
  'Weekend',
  'Essential',
  'Modern',
  'Curious',
  'Steady',
  'Bright',
  'Open',
  'Little',
  'Grand',
  'Quiet',
];

/** Last words of series names. */
export const SERIES_NOUNS: readonly string[] = [
  'Companion',
  'Sessions',
  'Notebook',
  'Path',
  'Masterclass',
  'Foundations',
  'Journey',
  'Toolkit',
  'Library',
  'Workshop',
];
