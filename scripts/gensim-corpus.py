"""Reference figure for the training bench: gensim word2vec (Debian `python3-gensim`, skip-gram
with negative sampling, its defaults otherwise) on the WordNet corpus, time until 5-NN class
purity (cosine) reaches a threshold. Gensim's rate decays over the planned epochs, so each epoch
count is a fresh run; prints one JSON line:

    /usr/bin/python3 scripts/gensim-corpus.py [threshold] [dim]
"""
import json
import sys
import time

import numpy as np
from gensim.models import Word2Vec

threshold = float(sys.argv[1]) if len(sys.argv) > 1 else 0.9
dim = int(sys.argv[2]) if len(sys.argv) > 2 else 12
groups = [[w.strip() for w in line.split(',')] for line in open('test/fixtures/wordnet-groups.txt')]
classes = dict(
    line.rstrip('\n').split('\t') for line in list(open('test/fixtures/wordnet-classes.tsv'))[1:]
)


def purity(model, k=5):
    words = model.wv.index_to_key
    v = model.wv.vectors / (np.linalg.norm(model.wv.vectors, axis=1, keepdims=True) + 1e-12)
    labels = np.array([classes[w] for w in words])
    same = 0
    for start in range(0, len(words), 1024):
        sims = v[start:start + 1024] @ v.T
        for r in range(sims.shape[0]):
            sims[r, start + r] = -np.inf
        nn = np.argpartition(-sims, k, axis=1)[:, :k]
        same += (labels[nn] == labels[start:start + sims.shape[0], None]).sum()
    return same / (len(words) * k)


runs = []
for epochs in (5, 10, 15, 20, 30, 40, 60):
    t0 = time.perf_counter()
    model = Word2Vec(groups, vector_size=dim, window=7, min_count=1, sg=1, negative=5,
                     workers=2, epochs=epochs, seed=1)
    seconds = time.perf_counter() - t0
    p = purity(model)
    runs.append({'epochs': epochs, 'seconds': round(seconds, 3), 'purity': round(float(p), 4)})
    if p >= threshold:
        break
import gensim
print(json.dumps({'gensim': gensim.__version__, 'dim': dim, 'threshold': threshold, 'runs': runs}))
