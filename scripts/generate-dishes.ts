/**
 * Writes public/datasets/dishes.csv: made-up people rating real dishes from 1 to 5, with planted
 * taste groups, for the recommender (matrix factorisation) view. Each person belongs to one taste
 * group and, half of the time, leans to a second one; each dish is tagged with the tastes it fits.
 * A person rates about 15 dishes, picked more often among those that fit their tastes (people
 * order what they like), and rates a dish higher the better it fits:
 *
 *   rating = round(2.2 + 2.4 · fit + generosity + noise), clipped to 1 … 5
 *
 * where fit is 1 for the main taste, 0.5 for the second and 0 otherwise (the best over the dish's
 * tags), vegetarians take 1.2 off any dish that is not vegetarian, generosity is the person's own
 * offset (uniform in ±0.4) and noise is normal with standard deviation 0.6. Seeded with mulberry32,
 * so running it again gives identical bytes:
 *
 *   npx tsx scripts/generate-dishes.ts
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { mulberry32 } from '../src/model/training/random'

/** Seed of the generator; change it and every rating changes. */
export const DISHES_SEED = 7

/** The planted taste groups. */
export const TASTES = ['spicy', 'vegetarian', 'sweet', 'seafood', 'comfort'] as const
export type Taste = (typeof TASTES)[number]

/** Real dishes and the tastes each one fits. */
export const DISHES: Array<[name: string, tastes: Taste[]]> = [
  ['Chicken vindaloo', ['spicy']],
  ['Thai green curry', ['spicy']],
  ['Kung pao chicken', ['spicy']],
  ['Jerk chicken', ['spicy']],
  ['Kimchi stew', ['spicy']],
  ['Doro wat', ['spicy']],
  ['Chili con carne', ['spicy', 'comfort']],
  ['Buffalo wings', ['spicy', 'comfort']],
  ['Shakshuka', ['spicy', 'vegetarian']],
  ['Chana masala', ['spicy', 'vegetarian']],
  ['Tom yum soup', ['spicy', 'seafood']],
  ['Ceviche', ['seafood', 'spicy']],
  ['Falafel wrap', ['vegetarian']],
  ['Caprese salad', ['vegetarian']],
  ['Greek salad', ['vegetarian']],
  ['Ratatouille', ['vegetarian']],
  ['Vegetable stir-fry', ['vegetarian']],
  ['Mushroom risotto', ['vegetarian', 'comfort']],
  ['Margherita pizza', ['vegetarian', 'comfort']],
  ['Grilled cheese sandwich', ['vegetarian', 'comfort']],
  ['Chocolate cake', ['sweet', 'vegetarian']],
  ['Tiramisu', ['sweet', 'vegetarian']],
  ['Crème brûlée', ['sweet', 'vegetarian']],
  ['Cheesecake', ['sweet', 'vegetarian']],
  ['Baklava', ['sweet', 'vegetarian']],
  ['Churros', ['sweet', 'vegetarian']],
  ['Mango sticky rice', ['sweet', 'vegetarian']],
  ['Apple pie', ['sweet', 'comfort', 'vegetarian']],
  ['Pancakes with maple syrup', ['sweet', 'comfort', 'vegetarian']],
  ['Sushi platter', ['seafood']],
  ['Paella', ['seafood']],
  ['Grilled salmon', ['seafood']],
  ['Lobster roll', ['seafood']],
  ['Moules marinières', ['seafood']],
  ['Shrimp scampi', ['seafood']],
  ['Fish and chips', ['seafood', 'comfort']],
  ['Clam chowder', ['seafood', 'comfort']],
  ['Macaroni and cheese', ['comfort', 'vegetarian']],
  ["Shepherd's pie", ['comfort']],
  ['Beef stew', ['comfort']],
  ['Chicken noodle soup', ['comfort']],
  ['Cheeseburger', ['comfort']],
  ['Meatloaf', ['comfort']],
  ['Fried chicken', ['comfort']],
]

/** 150 distinct first names, one per person. */
const NAMES = (
  'Ana Ben Chloe Dev Emma Farid Grace Hugo Ines Jack Kai Lena Mateo Nina Omar Priya Quinn Rosa ' +
  'Sam Tara Umar Vera Will Xena Yusuf Zoe Aiko Bruno Carmen Diego Elif Finn Gita Hana Ivan Jonas ' +
  'Kofi Lara Milan Noor Oscar Paula Rafael Sofia Tomas Uma Viktor Wen Yara Zain Amira Boris ' +
  'Clara Dmitri Eva Felix Greta Hamid Ida Jamal Kira Liam Maya Nils Olga Pedro Rania Stefan ' +
  'Tess Ugo Valentina Wanda Yosef Zara Adele Bilal Cora Dario Esther Fatima Gustav Helga Ilan ' +
  'Julia Karim Leila Marco Nadia Otto Pilar Ravi Sara Theo Ursula Vikram Wilma Yuki Zeynep ' +
  'Aaron Bianca Cyrus Dana Emil Flora Goran Heidi Isaac Jade Kenji Lucia Mira Nico Orla Pablo ' +
  'Rhea Sven Tariq Una Vito Wiebke Ximena Yann Zora Alba Carlos Daria Elena Frida Gabriel Hector ' +
  'Irene Joao Kamala Lotte Moses Nora Ola Per Rami Selma Tobias Vanya Xavier Yasmin Anton ' +
  'Bea Chidi Dora Ezra Femi'
).split(' ')

/** How many dishes one person rates: uniform in this range (about 15 on average). */
const RATED_MIN = 12
const RATED_MAX = 18

export interface Person {
  name: string
  /** The main taste group, then (for half of the people) a second one. */
  tastes: Taste[]
}

export interface Rating {
  user: string
  item: string
  rating: number
}

/** A standard normal number (Box–Muller) from a uniform source. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** How well a dish fits a person: 1 for the main taste, 0.5 for the second, else 0. */
function fit(person: Person, dishTastes: Taste[]): number {
  let best = 0
  person.tastes.forEach((t, rank) => {
    if (dishTastes.includes(t)) best = Math.max(best, rank === 0 ? 1 : 0.5)
  })
  return best
}

/** The people (taste groups spread evenly, in a seeded order) and their ratings. */
export function generateRatings(seed = DISHES_SEED): { people: Person[]; ratings: Rating[] } {
  if (new Set(NAMES).size !== NAMES.length) throw new Error('the names must be distinct')
  const random = mulberry32(seed)
  const people: Person[] = NAMES.map((name, i) => {
    const main = TASTES[i % TASTES.length]
    const others = TASTES.filter((t) => t !== main)
    const second = random() < 0.5 ? [others[Math.floor(random() * others.length)]] : []
    return { name, tastes: [main, ...second] }
  })
  const ratings: Rating[] = []
  for (const person of people) {
    const generosity = (random() * 2 - 1) * 0.4
    const count = RATED_MIN + Math.floor(random() * (RATED_MAX - RATED_MIN + 1))
    // Weighted sampling without replacement: dishes that fit are three times as likely per unit of fit.
    const weights = DISHES.map(([, tastes]) => 1 + 3 * fit(person, tastes))
    for (let k = 0; k < count; k++) {
      const total = weights.reduce((a, b) => a + b, 0)
      let r = random() * total
      let d = 0
      while (d < weights.length - 1 && (weights[d] === 0 || r >= weights[d])) r -= weights[d++]
      weights[d] = 0
      const [item, tastes] = DISHES[d]
      const veg = person.tastes[0] === 'vegetarian' && !tastes.includes('vegetarian') ? 1.2 : 0
      const score = 2.2 + 2.4 * fit(person, tastes) - veg + generosity + 0.6 * normal(random)
      ratings.push({ user: person.name, item, rating: Math.min(5, Math.max(1, Math.round(score))) })
    }
  }
  return { people, ratings }
}

/** The CSV text: a `user,item,rating` header, then one row per rating, LF line ends. */
export function dishesCsv(seed = DISHES_SEED): string {
  const rows = generateRatings(seed).ratings.map((r) => `${r.user},${r.item},${r.rating}`)
  return ['user,item,rating', ...rows].join('\n') + '\n'
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = fileURLToPath(new URL('../public/datasets/dishes.csv', import.meta.url))
  writeFileSync(out, dishesCsv())
  console.log(`wrote ${out}`)
}
