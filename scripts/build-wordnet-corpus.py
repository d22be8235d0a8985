"""Builds test/fixtures/wordnet-groups.txt and wordnet-classes.tsv from Debian's WordNet 3.0
database (package `wordnet-base`, /usr/share/wordnet; licence in test/fixtures/README.md).

A co-occurrence corpus with natural classes for the training bench: each group is a noun synset's
words with words of its hyponyms and hypernym (a "family" of related terms), keeping only
unambiguous nouns (one sense in WordNet) so every item has one class: its lexicographer file
(noun.animal, noun.plant, noun.food, ...). The 16 classes with the most such words are kept.
Seeded, so the output is the same on every run:

    python3 scripts/build-wordnet-corpus.py [/usr/share/wordnet]
"""
import random
import sys
from collections import Counter, defaultdict

root = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/wordnet'
LEXNAMES = {3: 'Tops', 4: 'act', 5: 'animal', 6: 'artifact', 7: 'attribute', 8: 'body',
            9: 'cognition', 10: 'communication', 11: 'event', 12: 'feeling', 13: 'food',
            14: 'group', 15: 'location', 16: 'motive', 17: 'object', 18: 'person',
            19: 'phenomenon', 20: 'plant', 21: 'possession', 22: 'process', 23: 'quantity',
            24: 'relation', 25: 'shape', 26: 'state', 27: 'substance', 28: 'time'}
CLASSES = 16
MAX_GROUP = 5
# Each family is cut into groups this many times, each in a new seeded order: more co-occurrences
# per word, as a real corpus mentions related terms together more than once.
REPEATS = 3
# Words taken per class: connected pieces of the hierarchy (breadth-first from seeded starting
# synsets) until about this many, so the corpus is ~6,500 items like the issue's.
PER_CLASS = 480
rng = random.Random(1)

senses = {}
for line in open(f'{root}/index.noun', encoding='latin-1'):
    if line.startswith(' '):
        continue
    f = line.split()
    senses[f[0]] = int(f[2])

synsets = {}  # offset -> (lexfile, [words], [hyponyms], [hypernyms])
for line in open(f'{root}/data.noun', encoding='latin-1'):
    if line.startswith(' '):
        continue
    f = line.split('|')[0].split()
    off, lex, n = f[0], int(f[1]), int(f[3], 16)
    words = [f[4 + 2 * i].lower() for i in range(n)]
    i = 4 + 2 * n
    p = int(f[i])
    hypo, hyper = [], []
    for k in range(p):
        sym, target = f[i + 1 + 4 * k], f[i + 2 + 4 * k]
        if sym in ('~', '~i'):
            hypo.append(target)
        elif sym in ('@', '@i'):
            hyper.append(target)
    # Unambiguous single-sense words, no odd characters; '_' joins multi-word names.
    words = [w for w in words if senses.get(w) == 1 and w.replace('_', '').replace('-', '').isalpha()]
    synsets[off] = (lex, words, hypo, hyper)

count = Counter(lex for lex, words, _, _ in synsets.values() for _ in words)
keep = {lex for lex, _ in count.most_common(CLASSES)}
chosen = set()
for lex in sorted(keep):
    pool = sorted(o for o, s in synsets.items() if s[0] == lex)
    rng.shuffle(pool)
    taken = 0
    for start in pool:
        if taken >= PER_CLASS:
            break
        queue = [start]
        while queue and taken < PER_CLASS:
            o = queue.pop(0)
            if o in chosen or synsets[o][0] != lex:
                continue
            chosen.add(o)
            taken += len(synsets[o][1])
            queue += synsets[o][2] + synsets[o][3]

cls = {}
groups = []
for off, (lex, words, hypo, hyper) in synsets.items():
    if off not in chosen:
        continue
    family = [w for w in words]
    for h in hypo + hyper:
        if h in chosen:
            family += synsets[h][1]
    family = sorted(set(family))
    if len(family) < 2:
        continue
    for _ in range(REPEATS):
        rng.shuffle(family)
        for g in range(0, len(family), MAX_GROUP):
            chunk = family[g:g + MAX_GROUP]
            if len(chunk) >= 2:
                groups.append(list(chunk))
    for w in family:
        cls[w] = LEXNAMES[lex]

# Words seen in only one group give 5-NN nothing to go on; keep words in two groups or more.
seen = Counter(w for g in groups for w in g)
groups = [[w for w in g if seen[w] >= 2] for g in groups]
groups = [g for g in groups if len(g) >= 2]
rng.shuffle(groups)
used = sorted({w for g in groups for w in g})
label = lambda w: w.replace('_', ' ')
with open('test/fixtures/wordnet-groups.txt', 'w') as out:
    for g in groups:
        out.write(', '.join(label(w) for w in g) + '\n')
with open('test/fixtures/wordnet-classes.tsv', 'w') as out:
    out.write('item\tclass\n')
    for w in used:
        out.write(f'{label(w)}\t{cls[w]}\n')
pairs = sum(len(g) * (len(g) - 1) for g in groups)
print(f'{len(used)} items, {len(groups)} groups, {pairs} pairs, classes:',
      dict(Counter(cls[w] for w in used)))
