/**
 * Writes public/datasets/words.txt: simple English sentences, one per line, in which word2vec
 * visibly learns (cat ends up near dog, apple near banana, Paris near London). Each sentence comes
 * from a template of its topic filled with words of that topic, so words of a topic share their
 * context words. Seeded, so running it again gives identical bytes:
 *
 *   npx tsx scripts/generate-words.ts
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { mulberry32 } from '../src/model/training/random'

/** Seed of the generator; change it and the corpus changes. */
export const WORDS_SEED = 20240601

/** How many distinct sentences to write. */
export const WORDS_SENTENCES = 1200

/**
 * A topic: its words, and templates in which `{x}` and `{y}` are two different words of the topic
 * and `{c}`, `{l}` the country and language of a city or country (see `PLACES`).
 */
interface Topic {
  words: string[]
  templates: string[]
}

/** City, country and language, so that capitals sit with their countries. */
const PLACES: Array<[city: string, country: string, language: string]> = [
  ['Paris', 'France', 'French'],
  ['London', 'England', 'English'],
  ['Rome', 'Italy', 'Italian'],
  ['Berlin', 'Germany', 'German'],
  ['Madrid', 'Spain', 'Spanish'],
  ['Tokyo', 'Japan', 'Japanese'],
  ['Cairo', 'Egypt', 'Arabic'],
  ['Lisbon', 'Portugal', 'Portuguese'],
  ['Athens', 'Greece', 'Greek'],
  ['Beijing', 'China', 'Chinese'],
]

const TOPICS: Record<string, Topic> = {
  pets: {
    words: ['cat', 'dog', 'rabbit', 'hamster', 'kitten', 'puppy', 'parrot'],
    templates: [
      'The {x} is sleeping on the sofa.',
      'My {x} likes to play in the garden.',
      'We feed our {x} every morning before school.',
      'The little {x} is a friendly pet.',
      'Our {x} sleeps in a warm basket by the fire.',
      'The {x} and the {y} play together in the house.',
      'She took her {x} to the vet.',
      'Do you have a pet {x} at home?',
      'The children love their pet {x}.',
    ],
  },
  farm: {
    words: ['cow', 'pig', 'sheep', 'horse', 'goat', 'chicken', 'duck', 'donkey'],
    templates: [
      'The farmer feeds the {x} in the barn.',
      'A {x} is eating grass in the field.',
      'We saw a {x} on the farm near the village.',
      'The {x} lives on the farm with the {y}.',
      'In the morning the farmer takes the {x} to the meadow.',
      'The old {x} stands by the gate of the farm.',
      'There is a {x} and a {y} in the farmyard.',
    ],
  },
  wild: {
    words: ['lion', 'tiger', 'elephant', 'giraffe', 'zebra', 'monkey', 'bear', 'wolf'],
    templates: [
      'The {x} lives in the wild, far from people.',
      'We saw a {x} at the zoo.',
      'A wild {x} was walking through the jungle.',
      'The {x} and the {y} are wild animals.',
      'At the zoo the children watched the {x}.',
      'The {x} is a wild animal that lives in the national park.',
      'On the safari we saw a {x} and a {y}.',
    ],
  },
  fruit: {
    words: [
      'apple',
      'banana',
      'orange',
      'pear',
      'grape',
      'strawberry',
      'cherry',
      'peach',
      'mango',
      'plum',
    ],
    templates: [
      'She ate a sweet {x} for breakfast.',
      'The {x} is ripe and juicy.',
      'I put a {x} in my lunch box.',
      'At the market we bought fresh fruit, a {x} and a {y}.',
      'He made a fruit salad with {x} and {y}.',
      'A {x} is a healthy snack.',
      'This {x} tastes very sweet.',
      'The juice is made from {x} and {y}.',
    ],
  },
  vegetables: {
    words: ['carrot', 'potato', 'onion', 'tomato', 'cabbage', 'broccoli', 'lettuce', 'cucumber'],
    templates: [
      'She chopped the {x} for the soup.',
      'The {x} is growing well in the vegetable garden.',
      'Dad sprinkled a little salt on the {x}.',
      'The soup has {x} and {y} in it.',
      'Mum put some {x} in the salad.',
      'We planted {x} and {y} in the vegetable garden.',
      'The cook washed the {x} and cut it up.',
    ],
  },
  bakery: {
    words: ['cake', 'pie', 'biscuit', 'muffin', 'cookie', 'bun', 'croissant', 'doughnut'],
    templates: [
      'The baker takes the {x} out of the oven.',
      'The {x} smells warm and fresh.',
      'We had a {x} with tea in the afternoon.',
      'At the bakery she bought a {x} and a {y}.',
      'The baker makes bread and a {x} every morning.',
      'The {x} from the bakery is on the kitchen table.',
    ],
  },
  drinks: {
    words: ['tea', 'coffee', 'milk', 'juice', 'water', 'lemonade', 'cocoa'],
    templates: [
      'She drinks a cup of {x} every morning.',
      'Would you like a glass of {x}?',
      'He poured some {x} into his cup.',
      'We had {x} and {y} at the cafe.',
      'A glass of {x} is nice after a long walk.',
    ],
  },
  cities: {
    words: PLACES.map((p) => p[0]),
    templates: [
      '{x} is a big city with old streets and many museums.',
      'We took the train to {x} last summer.',
      'My aunt lives in {x} and works in a museum.',
      '{x} is a beautiful city to visit.',
      'The flight from {x} to {y} takes a few hours.',
      '{x} is the capital of {c}.',
      'Many tourists visit {x} every year.',
      'The streets of {x} are busy at night.',
    ],
  },
  countries: {
    words: PLACES.map((p) => p[1]),
    templates: [
      '{x} is a country with mountains and rivers.',
      'They flew to {x} for a holiday.',
      'People in {x} speak {l}.',
      'Next year we will travel to {x} and {y}.',
      '{x} is a country in the world with a long history.',
      'Her grandparents came from {x}.',
    ],
  },
  weather: {
    words: ['sunny', 'rainy', 'cloudy', 'windy', 'snowy', 'foggy', 'stormy'],
    templates: [
      'Today the weather is {x}.',
      'It was a {x} day in the mountains.',
      'The forecast says tomorrow will be {x}.',
      'The morning was {x} but the afternoon was {y}.',
      'In the autumn the weather is often {x}.',
      'What a {x} day it is today!',
    ],
  },
  colours: {
    words: ['red', 'blue', 'green', 'yellow', 'purple', 'pink', 'brown', 'black', 'white', 'grey'],
    templates: [
      'She painted the door {x}.',
      'He wore a {x} shirt to school.',
      'My favourite colour is {x}.',
      'The flag is {x} and {y}.',
      'She has a {x} bag and a {y} hat.',
      'The car is painted {x}.',
      'The walls of the room are {x}.',
    ],
  },
  family: {
    words: [
      'mother',
      'father',
      'sister',
      'brother',
      'grandmother',
      'grandfather',
      'aunt',
      'uncle',
      'cousin',
      'daughter',
      'son',
    ],
    templates: [
      'My {x} cooked dinner for the whole family.',
      'I visited my {x} on the weekend.',
      'Her {x} and her {y} came to the wedding.',
      'His {x} tells funny stories at family dinners.',
      'We called our {x} on the phone.',
      'My {x} lives with my {y}.',
    ],
  },
  days: {
    words: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    templates: [
      'On {x} we go to the market.',
      'The shop is closed on {x}.',
      'I will see you on {x} morning.',
      'The meeting moved from {x} to {y}.',
      'Every {x} she goes swimming.',
    ],
  },
  jobs: {
    words: ['teacher', 'doctor', 'nurse', 'farmer', 'baker', 'driver', 'pilot', 'cook'],
    templates: [
      'The {x} works hard every day.',
      'My neighbour is a {x}.',
      'She wants to be a {x} when she grows up.',
      'The {x} talked to the {y} at lunch.',
      'A {x} has an important job.',
    ],
  },
  vehicles: {
    words: ['car', 'bus', 'train', 'bike', 'boat', 'plane', 'taxi'],
    templates: [
      'We went to the city by {x}.',
      'The {x} was late this morning.',
      'He waited for the {x} in the rain.',
      'You can travel there by {x} or by {y}.',
      'She goes to work by {x} every day.',
    ],
  },
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]
}

/** One sentence of a topic, its slots filled from the topic's words. */
function sentence(topic: Topic, random: () => number): string {
  const template = pick(topic.templates, random)
  const x = pick(topic.words, random)
  let y = pick(topic.words, random)
  while (y === x) y = pick(topic.words, random)
  const place = PLACES.find((p) => p[0] === x || p[1] === x)
  return template
    .replace('{x}', x)
    .replace('{y}', y)
    .replace('{c}', place?.[1] ?? '')
    .replace('{l}', place?.[2] ?? '')
    .replace(/\b([Aa]) (?=[aeiouAEIOU])/g, '$1n ')
    .replace(/^./, (c) => c.toUpperCase())
}

/** The whole file: a short comment header, then `count` distinct sentences, one per line. */
export function generateWords(seed = WORDS_SEED, count = WORDS_SENTENCES): string {
  const random = mulberry32(seed)
  const topics = Object.values(TOPICS)
  const seen = new Set<string>()
  const lines: string[] = []
  while (lines.length < count) {
    const s = sentence(pick(topics, random), random)
    if (seen.has(s)) continue
    seen.add(s)
    lines.push(s)
  }
  const header = [
    '# Simple English sentences for word2vec: one sentence per line, a sentence is a group of words.',
    `# Generated by scripts/generate-words.ts (seed ${seed}) for Embedding Explorer; CC0 1.0.`,
  ]
  return [...header, ...lines].join('\n') + '\n'
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = fileURLToPath(new URL('../public/datasets/words.txt', import.meta.url))
  writeFileSync(out, generateWords())
  console.log(`wrote ${out}`)
}
