"""Writes test/fixtures/formats/: the files data tools write by default, for the format tests.

Each file is written the way a user's tool writes it with its defaults: np.save / np.savez /
np.savez_compressed, pandas' to_csv (which keeps the index as an unnamed first column), polars'
write_parquet (zstd), pyarrow's write_table with each codec, pyarrow.feather.write_feather (Feather
v2, lz4 by default). The data is made up here (no licence needed). The outputs are committed; run
this only to change them. It needs numpy, pandas, pyarrow, polars and duckdb, e.g. (wheels on disk):
    python3.11 -m venv /tmp/pyfmt
    /tmp/pyfmt/bin/pip install --no-index --find-links /opt/pypi/files numpy pandas pyarrow polars duckdb
    /tmp/pyfmt/bin/python scripts/make-format-fixtures.py
"""

import os

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "formats")
os.makedirs(OUT, exist_ok=True)


def out(name):
    return os.path.join(OUT, name)


# Six items in two clusters, 4 numbers each; exactly representable in float16 too.
WORDS = ["king", "queen", "prince", "apple", "pear", "plum"]
KINDS = ["royal", "royal", "royal", "fruit", "fruit", "fruit"]
VECTORS = np.array(
    [
        [1.0, 0.5, 0.0, -0.25],
        [1.0, 0.75, 0.0, -0.5],
        [0.75, 0.5, 0.125, -0.25],
        [-1.0, 0.0, 1.0, 0.5],
        [-0.75, 0.25, 1.0, 0.5],
        [-1.0, 0.0, 0.75, 0.25],
    ]
)

# numpy: np.save of float32 (C order), float64 in Fortran order, float16.
np.save(out("vectors-f4.npy"), VECTORS.astype(np.float32))
np.save(out("vectors-f8-fortran.npy"), np.asfortranarray(VECTORS))
np.save(out("vectors-f2.npy"), VECTORS.astype(np.float16))
np.save(out("labels.npy"), np.array(WORDS))  # dtype '<U6'
np.save(out("vectors-3d.npy"), VECTORS.astype(np.float32).reshape(2, 3, 4))
np.save(out("vectors-1d.npy"), VECTORS[0].astype(np.float32))
np.save(out("object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
np.save(out("ints.npy"), np.arange(12, dtype=np.int64).reshape(6, 2))
np.savez(out("vectors.npz"), embeddings=VECTORS.astype(np.float32), labels=np.array(WORDS))
np.savez_compressed(out("vectors-compressed.npz"), VECTORS, np.array(WORDS))  # arr_0, arr_1
np.savez(out("two-matrices.npz"), a=VECTORS, b=VECTORS)

# Metadata beside a .npy, as pandas writes it without its index.
meta = pd.DataFrame({"word": WORDS, "kind": KINDS})
meta.to_csv(out("npy-metadata.tsv"), sep="\t", index=False)
meta.to_csv(out("npy-metadata.csv"), index=False)
meta.head(5).to_csv(out("npy-metadata-short.tsv"), sep="\t", index=False)

# pandas to_csv with its defaults: the index becomes an unnamed first column ("" header, 0…n−1).
wide = pd.DataFrame(VECTORS, columns=[f"d{i}" for i in range(4)])
wide.insert(0, "word", WORDS)
wide.to_csv(out("vectors-index.csv"))
wide.to_csv(out("vectors-index.tsv"), sep="\t")
pd.DataFrame(VECTORS).to_csv(out("numbers-index.csv"))  # header ",0,1,2,3"
table = pd.DataFrame(
    {"name": WORDS, "kind": KINDS, "size": ["big", "big", "small", "small", "small", "big"]}
)
table.to_csv(out("table-index.csv"))
# Read back by pandas, the index column is "Unnamed: 0"; saved again, it is a real column.
pd.read_csv(out("vectors-index.csv")).to_parquet(out("vectors-unnamed.parquet"))

# Parquet: a list column with each common codec (pyarrow), fixed-size lists, polars' default.
lists = pa.table(
    {
        "word": WORDS,
        "kind": KINDS,
        "embedding": pa.array(VECTORS.astype(np.float32).tolist(), type=pa.list_(pa.float32())),
    }
)
for codec in ["snappy", "gzip", "brotli", "lz4", "zstd", "none"]:
    pq.write_table(lists, out(f"lists-{codec}.parquet"), compression=codec)
fixed = pa.table(
    {
        "word": WORDS,
        "embedding": pa.array(
            VECTORS.astype(np.float32).tolist(), type=pa.list_(pa.float32(), 4)
        ),
    }
)
pq.write_table(fixed, out("fixed-list.parquet"))
pl.DataFrame(
    {"word": WORDS, "kind": KINDS, "embedding": VECTORS.tolist()},
    schema={"word": pl.String, "kind": pl.String, "embedding": pl.Array(pl.Float64, 4)},
).write_parquet(out("polars.parquet"))
pl.DataFrame({"word": WORDS, **{f"d{i}": VECTORS[:, i] for i in range(4)}}).write_parquet(
    out("columns-polars.parquet")
)

# A precomputed layout (Embedding Atlas-style): x, y, z and neighbors { ids, distances }.
layout = pd.DataFrame(
    {
        "word": WORDS,
        "kind": KINDS,
        "x": [1.0, 1.5, 1.25, -1.0, -1.5, -1.25],
        "y": [0.5, 0.25, 0.75, -0.5, -0.25, -0.75],
        "z": [0.0, 0.1, -0.1, 0.0, 0.1, -0.1],
        "neighbors": [
            {"ids": [1, 2], "distances": [0.1, 0.2]},
            {"ids": [0, 2], "distances": [0.1, 0.3]},
            {"ids": [0, 1], "distances": [0.2, 0.3]},
            {"ids": [5, 4], "distances": [0.1, 0.2]},
            {"ids": [3, 5], "distances": [0.2, 0.4]},
            {"ids": [3, 4], "distances": [0.1, 0.4]},
        ],
    }
)
layout.to_parquet(out("layout.parquet"))
layout[["word", "kind", "x", "y"]].to_csv(out("layout-2d.csv"), index=False)

# Arrow IPC / Feather v2 (pyarrow's default compression is lz4), also zstd and uncompressed.
feather.write_feather(lists, out("vectors.feather"))
feather.write_feather(lists, out("vectors-zstd.arrow"), compression="zstd")
feather.write_feather(fixed, out("fixed-plain.arrow"), compression="uncompressed")

# Vectors with a layout beside them (pyarrow): the embedding list plus x, y.
pq.write_table(
    lists.append_column("x", pa.array(layout["x"])).append_column("y", pa.array(layout["y"])),
    out("layout-vectors.parquet"),
)

# DuckDB's COPY … TO with its defaults (snappy): a FLOAT[4] array column and a FLOAT[] list.
duckdb.sql(
    "SELECT * FROM (VALUES "
    + ", ".join(
        f"('{w}', {[float(x) for x in v]}::FLOAT[4], {[float(x) for x in v]}::FLOAT[])"
        for w, v in zip(WORDS, VECTORS)
    )
    + ") t(word, embedding, other)"
).write_parquet(out("duckdb.parquet"))
